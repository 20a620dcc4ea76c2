"""The flow of a message, one way: fetch -> read -> decide -> apply -> send.

    send.py          send what is due in the outbox, at least once
    mailer.py        render and queue a mail about a case (receipt_pdf.py: the receipt it attaches)

(issue 12: the poller, the reading, the lookup and the carrying out of effects join them here.)
"""
