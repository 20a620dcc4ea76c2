"""Compound files (OLE) built at test time, for the readers of Outlook items (.msg): a tree of storages (dicts) and
streams (bytes), written as the Compound File Binary format (MS-CFB, version 3: 512-byte sectors; streams under
4096 bytes in the mini stream, of 64-byte sectors)."""

from __future__ import annotations

import struct

FREESECT, ENDOFCHAIN, FATSECT, DIFSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFC, 0xFFFFFFFF
MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def compound_file(tree: dict) -> bytes:
    """`tree`: {name: bytes (a stream) or dict (a storage)}; the root entry holds it. Each storage's children are a
    balanced binary tree of directory entries (readers do not check the red-black colours)."""
    entries: list[list] = [["Root Entry", 5, NOSTREAM, NOSTREAM, NOSTREAM, b""]]  # name, type, left, right, child

    def add(node: dict) -> int:
        sids = []
        for name in sorted(node, key=lambda n: (len(n), n.upper())):  # MS-CFB's order of names
            value = node[name]
            entries.append([name, 1 if isinstance(value, dict) else 2, NOSTREAM, NOSTREAM, NOSTREAM,
                            value if isinstance(value, bytes) else b""])
            sids.append(len(entries) - 1)
            if isinstance(value, dict):
                entries[sids[-1]][4] = add(value)

        def balance(lo: int, hi: int) -> int:
            if lo >= hi:
                return NOSTREAM
            mid = (lo + hi) // 2
            entries[sids[mid]][2], entries[sids[mid]][3] = balance(lo, mid), balance(mid + 1, hi)
            return sids[mid]
        return balance(0, len(sids))

    entries[0][4] = add(tree)
    # the mini stream: the streams under 4096 bytes, in 64-byte sectors, its own allocation table (mini FAT)
    mini, minifat, mini_starts = bytearray(), [], {}
    for sid, entry in enumerate(entries):
        data = entry[5]
        if entry[1] == 2 and 0 < len(data) < 4096:
            n, first = -(-len(data) // 64), len(minifat)
            minifat += [first + i + 1 if i + 1 < n else ENDOFCHAIN for i in range(n)]
            mini_starts[sid] = first
            mini += data + bytes(-len(data) % 64)
    minifat_bytes = struct.pack(f"<{len(minifat)}I", *minifat) if minifat else b""
    big = [b"" if sid in mini_starts or entry[1] != 2 else entry[5] for sid, entry in enumerate(entries)]
    big[0] = bytes(mini)  # the root entry's stream is the mini stream
    dir_sectors = -(-len(entries) // 4)
    minifat_sectors = -(-len(minifat_bytes) // 512)
    data_sectors = sum(-(-len(b) // 512) for b in big) + minifat_sectors
    fat_count = 1
    while True:
        difat_count = 0 if fat_count <= 109 else -(-(fat_count - 109) // 127)
        if fat_count * 128 >= fat_count + difat_count + dir_sectors + data_sectors:
            break
        fat_count += 1
    fat = [FREESECT] * (fat_count * 128)
    fat[:fat_count] = [FATSECT] * fat_count
    at = fat_count

    def chain(n: int) -> int:
        nonlocal at
        if n == 0:
            return ENDOFCHAIN
        start = at
        for i in range(n):
            fat[at + i] = at + i + 1 if i + 1 < n else ENDOFCHAIN
        at += n
        return start

    dir_start = chain(dir_sectors)
    minifat_start = chain(minifat_sectors)
    starts = [chain(-(-len(b) // 512)) for b in big]
    difat_start = at
    fat[at:at + difat_count] = [DIFSECT] * difat_count
    header = bytearray(512)
    header[:8] = MAGIC
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x28, 0, fat_count, dir_start, 0, 4096, minifat_start, minifat_sectors,
                     difat_start if difat_count else ENDOFCHAIN, difat_count)
    fats = list(range(fat_count))
    struct.pack_into("<109I", header, 0x4C, *(fats[:109] + [FREESECT] * (109 - len(fats[:109]))))
    out = bytearray(header) + struct.pack(f"<{len(fat)}I", *fat)
    directory = bytearray()
    for sid, (name, kind, left, right, child, data) in enumerate(entries):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\0\0"
        entry[:len(encoded)] = encoded
        struct.pack_into("<HBB", entry, 64, len(encoded), kind, 1)
        struct.pack_into("<III", entry, 68, left, right, child)
        size = len(big[0]) if sid == 0 else len(data) if kind == 2 else 0
        start = mini_starts.get(sid, starts[sid]) if size else ENDOFCHAIN
        struct.pack_into("<II", entry, 116, start, size)
        directory += entry
    out += directory + bytes(dir_sectors * 512 - len(directory))
    out += minifat_bytes + bytes(-len(minifat_bytes) % 512)
    for b in big:
        out += b + bytes(-len(b) % 512)
    rest = fats[109:]
    for j in range(difat_count):
        chunk = rest[j * 127:(j + 1) * 127]
        out += struct.pack("<128I", *(chunk + [FREESECT] * (127 - len(chunk))),
                           difat_start + j + 1 if j + 1 < difat_count else ENDOFCHAIN)
    return bytes(out)


def outlook_item(sender: str, files: dict[str, bytes], extra: dict | None = None) -> bytes:
    """An Outlook item (.msg) from `sender` (PR_SENDER_SMTP_ADDRESS) with `files` attached, and `extra` entries."""
    tree: dict = {"__properties_version1.0": bytes(32), "__substg1.0_5D01001F": sender.encode("utf-16-le")}
    for n, (name, data) in enumerate(files.items()):
        tree[f"__attach_version1.0_#{n:08X}"] = {"__properties_version1.0": bytes(8),
                                                "__substg1.0_3707001F": name.encode("utf-16-le"),
                                                "__substg1.0_37010102": data}
    tree.update(extra or {})
    return compound_file(tree)
