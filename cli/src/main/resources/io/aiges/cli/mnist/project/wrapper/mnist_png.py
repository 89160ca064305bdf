"""PNG decoding with the standard library's zlib and numpy: every colour type and bit depth of
the PNG specification, Adam7 interlacing, palette transparency.

    luma, alpha = decode(open("test_data/7.png", "rb").read())

``luma`` and ``alpha`` are float32 arrays of shape (height, width) in [0, 1]; ``alpha`` is None
for an image without transparency. Colour is reduced to luma with the ITU-R 601 weights on the
gamma-encoded values, grey is taken as it is stored, as aiges's embedded demo reads pictures.
"""

import struct
import zlib

import numpy as np

SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Larger images are refused: no digit needs them, and decompression bombs look like them.
MAX_SIDE = 8192
# Larger images are read at every n-th pixel; the digit ends up 20 px tall anyway.
MAX_DECODED_SIDE = 2048

# Samples per pixel of each colour type: grey, RGB, palette, grey + alpha, RGBA.
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
# Adam7: (first column, first row, column step, row step) of each pass.
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))


class PngError(ValueError):
    """The bytes are not a PNG this decoder reads; the message says why."""


def decode(data):
    """Returns (luma, alpha) of a PNG file's bytes; raises PngError for anything else."""
    header, palette, transparency, compressed = _chunks(data)
    width, height, depth, colour, interlace = header
    if width > MAX_SIDE or height > MAX_SIDE:
        raise PngError("the image is %dx%d pixels; at most %dx%d is accepted" % (width, height, MAX_SIDE, MAX_SIDE))
    try:
        # Bounded: a decompression bomb stops at the size the header promises.
        raw = zlib.decompressobj().decompress(compressed, _raw_size(width, height, depth, colour, interlace) + 1)
    except zlib.error as e:
        raise PngError("the image data does not decompress: %s" % e)
    samples = _samples(raw, width, height, depth, colour, interlace)
    step = -(-max(width, height) // MAX_DECODED_SIDE)
    samples = samples[::step, ::step]
    return _luma_alpha(samples, depth, colour, palette, transparency)


def _chunks(data):
    if not data.startswith(SIGNATURE):
        raise PngError("not a PNG image (this demo reads PNG only)")
    header = palette = transparency = None
    compressed = []
    offset = len(SIGNATURE)
    while True:
        if offset + 8 > len(data):
            raise PngError("the file ends before its IEND chunk")
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        if len(body) != length or offset + 12 + length > len(data):
            raise PngError("chunk %r is cut short" % kind.decode("latin-1"))
        crc = struct.unpack(">I", data[offset + 8 + length:offset + 12 + length])[0]
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            raise PngError("chunk %r is damaged (its CRC does not match)" % kind.decode("latin-1"))
        offset += 12 + length
        if kind == b"IHDR":
            header = _header(body)
        elif kind == b"PLTE":
            palette = np.frombuffer(body, dtype=np.uint8).reshape(-1, 3)
        elif kind == b"tRNS":
            transparency = body
        elif kind == b"IDAT":
            compressed.append(body)
        elif kind == b"IEND":
            break
    if header is None or not compressed:
        raise PngError("the image has no IHDR or no IDAT chunk")
    if header[3] == 3 and palette is None:
        raise PngError("a palette image without its PLTE chunk")
    return header, palette, transparency, b"".join(compressed)


def _header(body):
    if len(body) != 13:
        raise PngError("IHDR has %d bytes, not 13" % len(body))
    width, height, depth, colour, method, filtering, interlace = struct.unpack(">IIBBBBB", body)
    if width == 0 or height == 0:
        raise PngError("the image has no pixels (%dx%d)" % (width, height))
    if colour not in _CHANNELS or depth not in _DEPTHS[colour]:
        raise PngError("colour type %d with bit depth %d is not a PNG format" % (colour, depth))
    if method != 0 or filtering != 0 or interlace not in (0, 1):
        raise PngError("unknown compression, filter or interlace method")
    return width, height, depth, colour, interlace


def _row_bytes(width, depth, colour):
    return (width * _CHANNELS[colour] * depth + 7) // 8


def _passes(width, height, interlace):
    """(first column, first row, column step, row step, columns, rows) of each non-empty pass."""
    layout = _ADAM7 if interlace else ((0, 0, 1, 1),)
    for x0, y0, dx, dy in layout:
        columns = (width - x0 + dx - 1) // dx
        rows = (height - y0 + dy - 1) // dy
        if columns > 0 and rows > 0:
            yield x0, y0, dx, dy, columns, rows


def _raw_size(width, height, depth, colour, interlace):
    return sum(rows * (1 + _row_bytes(columns, depth, colour))
               for _, _, _, _, columns, rows in _passes(width, height, interlace))


def _samples(raw, width, height, depth, colour, interlace):
    """The unfiltered samples, shape (height, width, channels), as integers of the stored depth."""
    channels = _CHANNELS[colour]
    image = np.zeros((height, width, channels), dtype=np.uint16 if depth == 16 else np.uint8)
    offset = 0
    for x0, y0, dx, dy, columns, rows in _passes(width, height, interlace):
        stride = 1 + _row_bytes(columns, depth, colour)
        block = raw[offset:offset + stride * rows]
        if len(block) != stride * rows:
            raise PngError("the image data ends early: %d bytes of %d" % (len(block), stride * rows))
        offset += stride * rows
        lines = _unfilter(block, rows, stride, max(1, channels * depth // 8))
        image[y0::dy, x0::dx] = _unpack(lines, columns, depth, channels)
    return image


def _unfilter(block, rows, stride, bpp):
    """Undoes the five PNG row filters; returns (rows, stride - 1) bytes."""
    lines = np.frombuffer(block, dtype=np.uint8).reshape(rows, stride)
    out = np.zeros((rows, stride - 1), dtype=np.uint8)
    prior = np.zeros(stride - 1, dtype=np.uint8)
    for y in range(rows):
        kind = lines[y, 0]
        line = lines[y, 1:]
        if kind == 0:
            row = line.copy()
        elif kind == 1:
            row = _undo_sub(line, bpp)
        elif kind == 2:
            row = line + prior
        elif kind == 3:
            row = _undo_sequential(line, prior, bpp, _average)
        elif kind == 4:
            row = _undo_sequential(line, prior, bpp, _paeth)
        else:
            raise PngError("row %d has unknown filter type %d" % (y, kind))
        out[y] = row
        prior = row
    return out


def _undo_sub(line, bpp):
    # Each byte adds the one bpp before it: a running sum, modulo 256, per byte of the pixel.
    padded = np.zeros(-(-len(line) // bpp) * bpp, dtype=np.uint8)
    padded[:len(line)] = line
    return np.cumsum(padded.reshape(-1, bpp), axis=0, dtype=np.uint8).reshape(-1)[:len(line)]


def _average(left, up, up_left):
    return (left + up) >> 1


def _paeth(left, up, up_left):
    estimate = left + up - up_left
    to_left, to_up, to_up_left = abs(estimate - left), abs(estimate - up), abs(estimate - up_left)
    if to_left <= to_up and to_left <= to_up_left:
        return left
    return up if to_up <= to_up_left else up_left


def _undo_sequential(line, prior, bpp, predictor):
    # Each byte depends on the one just decoded: plain Python integers beat numpy per element.
    row = bytearray(line.tobytes())
    up = prior.tobytes()
    for i in range(len(row)):
        left = row[i - bpp] if i >= bpp else 0
        up_left = up[i - bpp] if i >= bpp else 0
        row[i] = (row[i] + predictor(left, up[i], up_left)) & 0xFF
    return np.frombuffer(bytes(row), dtype=np.uint8)


def _unpack(lines, columns, depth, channels):
    if depth == 16:
        return lines.reshape(len(lines), -1).view(">u2").astype(np.uint16).reshape(len(lines), columns, channels)
    if depth == 8:
        return lines.reshape(len(lines), columns, channels)
    shifts = np.arange(8 - depth, -1, -depth, dtype=np.uint8)
    unpacked = (lines[:, :, None] >> shifts) & ((1 << depth) - 1)
    return unpacked.reshape(len(lines), -1)[:, :columns].reshape(len(lines), columns, 1).astype(np.uint8)


def _luma_alpha(samples, depth, colour, palette, transparency):
    if colour == 3:
        if samples.max() >= len(palette):
            raise PngError("a pixel names palette entry %d of %d" % (samples.max(), len(palette)))
        index = samples[:, :, 0]
        rgb = palette[index].astype(np.float32)
        alpha = None
        if transparency is not None:
            table = np.full(len(palette), 255, dtype=np.uint8)
            table[:min(len(transparency), len(palette))] = np.frombuffer(transparency, dtype=np.uint8)[:len(palette)]
            alpha = table[index].astype(np.float32) / np.float32(255)
        return _rgb_luma(rgb), alpha
    scale = np.float32((1 << depth) - 1)
    values = samples.astype(np.float32) / scale
    if colour in (0, 4):
        return values[:, :, 0], (values[:, :, 1] if colour == 4 else None)
    # Colour is read at 8 bits a sample, as Java's getRGB hands it to the embedded demo.
    rgb = np.floor(values[:, :, :3] * np.float32(255) + np.float32(0.5))
    return _rgb_luma(rgb), (values[:, :, 3] if colour == 6 else None)


def _rgb_luma(rgb):
    # ITU-R 601 weights on the gamma-encoded values, as PIL's convert("L") used for MNIST demos.
    return ((np.float32(0.299) * rgb[:, :, 0] + np.float32(0.587) * rgb[:, :, 1] + np.float32(0.114) * rgb[:, :, 2])
            / np.float32(255)).astype(np.float32)
