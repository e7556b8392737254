"""A minimal PNG reader (stdlib only) for the QR tests: greyscale or palette, bit depth 1-8, not interlaced.

Enough for what segno writes; it lets a test hand real pixels to a barcode decoder without Pillow.
"""

import struct
import zlib


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def _unfilter(raw: bytes, height: int, stride: int, bpp: int) -> list[bytearray]:
    rows, previous, pos = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[pos], bytearray(raw[pos + 1: pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = previous[i]
            upper_left = previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                line[i] = (line[i] + _paeth(left, up, upper_left)) & 0xFF
        rows.append(line)
        previous = line
    return rows


def read_grey(data: bytes) -> tuple[int, int, bytes]:
    """(width, height, one byte of grey per pixel, 0 black … 255 white)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks, palette = 8, [], None
    width = height = depth = colour = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos: pos + 8])
        body = data[pos + 8: pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", body)
            assert colour in (0, 3) and interlace == 0, (colour, interlace)
        elif kind == b"PLTE":
            palette = [sum(body[i: i + 3]) // 3 for i in range(0, len(body), 3)]
        elif kind == b"IDAT":
            chunks.append(body)
    stride = (width * depth + 7) // 8
    rows = _unfilter(zlib.decompress(b"".join(chunks)), height, stride, max(1, depth // 8))
    top = (1 << depth) - 1
    pixels = bytearray()
    for row in rows:
        for x in range(width):
            bit = x * depth
            value = (row[bit // 8] >> (8 - depth - bit % 8)) & top
            pixels.append(palette[value] if colour == 3 else value * 255 // top)
    return width, height, bytes(pixels)
