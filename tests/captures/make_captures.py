"""Write the capture fixtures: each payload as xxd, hexdump and od print it, and Wireshark copies.

Run from the repository root: ``python -m tests.captures.make_captures``. The xxd, hexdump
and od outputs come from the real tools (Debian: xxd, bsdextrautils, coreutils); Wireshark's
two formats follow its documented layout (ui/qt/utils/data_printer.cpp, ``hexTextDump``):
a 4-digit hex offset, two spaces, `` xx`` per byte, 16 bytes a line; the "Hex + ASCII"
variant adds three spaces (padded on the last line) and the bytes as ASCII, ``.`` if unprintable.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

HERE = Path(__file__).parent

#: The bytes each fixture holds: short, one full row, several rows, rows xxd and od
#: collapse to "*", frames masked (a client's) and not, bytes whose ASCII column is hex.
PAYLOADS = {
    "bye": bytes.fromhex("03e8627965"),
    "row": bytes.fromhex("03e9") + b"fourteen bytes",
    "rows": bytes.fromhex("0fa1") + b"a reason of thirty-eight bytes, or so.",
    "repeat": bytes.fromhex("03e8") + b"a" * 123,
    "server-frame": bytes.fromhex("880503e8627965"),
    "client-frame": bytes.fromhex("888537fa213d3412434452"),
    "hexlike": b"0123456789abcdef0123",
}

#: The real tools, by fixture suffix.
TOOLS = {
    "xxd": ["xxd"],
    "xxd-p": ["xxd", "-p"],
    "hexdump-C": ["hexdump", "-C"],
    "od": ["od", "-tx1"],
    "od-An": ["od", "-An", "-tx1"],
}
ROW = 16


def wireshark(data: bytes, *, ascii_column: bool) -> str:
    """Wireshark's "Copy as Hex Dump" (and "Hex + ASCII Dump") layout."""
    lines = []
    for start in range(0, len(data), ROW):
        row = data[start : start + ROW]
        line = f"{start:04x}  " + "".join(f" {byte:02x}" for byte in row)
        if ascii_column:
            text = "".join(chr(byte) if 0x20 <= byte < 0x7F else "." for byte in row)
            line += " " * 3 + " " * (3 * (ROW - len(row))) + text
        lines.append(line + "\n")
    return "".join(lines)


def main() -> None:
    """Write every fixture."""
    for name, data in PAYLOADS.items():
        for suffix, command in TOOLS.items():
            out = subprocess.run(command, input=data, capture_output=True, check=True).stdout
            (HERE / f"{name}.{suffix}").write_bytes(out)
        (HERE / f"{name}.wireshark").write_text(wireshark(data, ascii_column=False))
        (HERE / f"{name}.wireshark-ascii").write_text(wireshark(data, ascii_column=True))
        (HERE / f"{name}.wireshark-stream").write_text(data.hex())


if __name__ == "__main__":
    main()
