from intake.cli import run

run()
