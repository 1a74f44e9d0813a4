"""What the vector writers share: varints, the frame header with a comment per field, and
writing a vector file (hex bytes, then '# ' and the comment, one line per field)."""

FLAG_NAMES = {0x00: "none", 0x80: "response", 0xC0: "response, more"}


def varint(n):
    out = []
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return out


def frame_header(payload_len, flags, opcode, name, request_id):
    """The 12-byte frame header (PROTOCOL.md §2) as (bytes, comment) lines."""
    return [
        (list((payload_len + 8).to_bytes(4, "big")), f"length = {payload_len + 8} (8 header bytes after this field + {payload_len} payload)"),
        ([1], "version = 1"),
        ([flags], f"flags = 0x{flags:02x} ({FLAG_NAMES.get(flags, 'see §2.2')})"),
        (list(opcode.to_bytes(2, "big")), f"opcode = 0x{opcode:04x} ({name})"),
        (list(request_id.to_bytes(4, "big")), f"request id = {request_id}"),
    ]


def write_vector(path, title, decodes, lines):
    """Writes a vector file: its title and decoding, then each (bytes, comment) line."""
    with open(path, "w") as out:
        out.write(f"# {title}\n# decodes to: {decodes}\n#\n")
        for data, comment in lines:
            out.write(f"{' '.join('%02x' % b for b in data):<48}# {comment}\n")


def parse_hex(path):
    """The bytes of a vector file (comments dropped)."""
    out = bytearray()
    for line in open(path):
        for token in line.split("#", 1)[0].split():
            out.append(int(token, 16))
    return bytes(out)
