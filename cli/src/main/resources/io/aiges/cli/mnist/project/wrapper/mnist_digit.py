"""Turns a picture of one handwritten digit into the 28x28 input of an MNIST model: white ink on
black, values in [0, 1], the digit fit in a 20x20 box and centred by its centre of mass, as
LeCun et al. prepared MNIST. The steps are those of aiges's embedded demo, so this wrapper and
`aiges demo` see the same 28x28 picture:

1. ink: the paper is whatever fills the image's border ring, so a dark digit on light paper and
   a light one on a dark screen both come out white on black; strokes on a transparent canvas
   are their opacity;
2. the digit: the ink's connected blobs, less lines hugging the edge (such as the seed image's
   grey frame), frames drawn around the digit and specks too light to matter, cropped;
3. framing: scaled by area averaging to a 20 px longer side, placed so its centre of mass is
   pixel (14, 14), stretched so its strongest ink is 1.

    pixels = preprocess(open("test_data/7.png", "rb").read())   # float32, shape (28, 28)
"""

import numpy as np

import mnist_png

SIDE = 28
BOX = 20
# Images are analysed at most this large: plenty for a digit that ends up 20 px tall.
WORKING_SIDE = 512
# How much of the shorter side the border ring spans: thick enough to outvote a thin frame line.
RING_SHARE = 0.04
# Ink below this is faint noise (JPEG ringing, paper texture), never part of a blob.
INK_THRESHOLD = np.float32(0.1)
# Blobs that lie wholly within this share of the shorter side from the edge are borders.
EDGE_BAND = 0.015
# Blobs lighter than this share of the heaviest are specks.
SPECK = 0.05
# A blob enclosing another of at least this share of its own mass may be a frame around it ...
FRAMED_MASS = 0.1
# ... if it leaves at least this share of its size free around it on three sides.
FRAME_MARGIN = 0.04
# A digit is a few strokes: beyond this many of the heaviest blobs it is all noise.
MAX_BLOBS = 64


class NoDigit(ValueError):
    """The picture holds no digit."""


def preprocess(image_bytes):
    """The MNIST input of a PNG's bytes: float32 (28, 28), row-major, white ink on black."""
    luma, alpha = mnist_png.decode(image_bytes)
    return frame(locate(shrink(ink(luma, alpha))))


def _round(x):
    # Half up, as Java's Math.round, which the embedded demo uses; Python's round() is half even.
    return int(np.floor(x + 0.5))


def ink(luma, alpha):
    """1 where the pen was, 0 on the paper."""
    ring = _ring(*luma.shape)
    if alpha is not None:
        if np.mean(alpha[ring] < 0.5) > 0.5:
            return alpha
        # Mostly opaque: see through the transparent bits to the paper around them.
        paper = _median(luma[ring & (alpha >= 0.5)])
        luma = alpha * luma + (np.float32(1) - alpha) * paper
    paper = _median(luma[ring])
    if paper <= 0.5:
        stretched = (luma - paper) / (np.float32(1) - paper)
    else:
        stretched = (paper - luma) / paper
    return np.clip(stretched, 0, 1).astype(np.float32)


def _ring(height, width):
    thickness = max(1, _round(min(width, height) * RING_SHARE))
    ring = np.ones((height, width), dtype=bool)
    ring[thickness:height - thickness, thickness:width - thickness] = False
    return ring


def _median(values):
    """The median grey level, in 256 steps."""
    levels = np.floor(np.clip(values, 0, 1).astype(np.float32) * np.float32(255) + np.float32(0.5)).astype(np.int64)
    counts = np.cumsum(np.bincount(levels, minlength=256))
    reached = np.nonzero(counts * 2 >= len(values))[0]
    return np.float32((reached[0] if len(reached) else 255) / 255.0)


def shrink(plane):
    longer = max(plane.shape)
    if longer <= WORKING_SIDE:
        return plane
    scale = WORKING_SIDE / longer
    return resize(plane, max(1, _round(plane.shape[1] * scale)), max(1, _round(plane.shape[0] * scale)))


def resize(plane, width, height):
    """By area averaging when shrinking, bilinearly when enlarging; rows first, then columns."""
    if plane.shape == (height, width):
        return plane
    rows = plane @ _taps(plane.shape[1], width).T
    return (_taps(plane.shape[0], height) @ rows).astype(np.float32)


def _taps(source, target):
    """The (target, source) matrix of weights of one axis; each row sums to 1."""
    scale = source / target
    taps = np.zeros((target, source), dtype=np.float32)
    for o in range(target):
        if scale >= 1:
            # Output pixel o covers source interval [o*scale, (o+1)*scale): weigh each source pixel by its overlap.
            start, end = o * scale, min(source, (o + 1) * scale)
            for i in range(int(np.floor(start)), min(source, int(np.ceil(end)))):
                taps[o, i] = (min(end, i + 1) - max(start, i)) / scale
        elif source == 1:
            taps[o, 0] = 1
        else:
            # Pixel centres line up: output centre o+0.5 sits at source position (o+0.5)*scale.
            centre = min(max((o + 0.5) * scale - 0.5, 0), source - 1)
            left = min(int(np.floor(centre)), source - 2)
            right = centre - left
            taps[o, left] += 1 - right
            taps[o, left + 1] += right
    return taps


class _Blob:
    """A connected patch of ink: its label, total ink, bounding box, and whether it lies along the edge."""

    def __init__(self, label, mass, box, hugs_edge):
        self.label, self.mass, self.hugs_edge = label, mass, hugs_edge
        self.min_x, self.min_y, self.max_x, self.max_y = box

    def size(self):
        return max(self.max_x - self.min_x + 1, self.max_y - self.min_y + 1)

    def encloses(self, inner, margin):
        """True if inner's box sits inside this one, at least margin from three of its sides
        (the fourth may be open, as the seed's frame is at the bottom)."""
        centre_x = (inner.min_x + inner.max_x) // 2
        centre_y = (inner.min_y + inner.max_y) // 2
        if not (self.min_x <= centre_x <= self.max_x and self.min_y <= centre_y <= self.max_y):
            return False
        roomy = ((inner.min_x - self.min_x >= margin) + (self.max_x - inner.max_x >= margin)
                 + (inner.min_y - self.min_y >= margin) + (self.max_y - inner.max_y >= margin))
        return roomy >= 3


def locate(plane):
    """The digit, cropped out of the ink plane with the set-aside blobs erased."""
    labels, blobs = _label(plane)
    candidates = sorted((b for b in blobs if not b.hugs_edge), key=lambda b: -b.mass)[:MAX_BLOBS]
    unframed = [b for b in candidates if not _is_frame(b, candidates)]
    heaviest = max((b.mass for b in unframed), default=0)
    digit = [b for b in unframed if b.mass >= SPECK * heaviest]
    if not digit:
        raise NoDigit("no digit found in the image")
    min_x = min(b.min_x for b in digit)
    min_y = min(b.min_y for b in digit)
    max_x = max(b.max_x for b in digit)
    max_y = max(b.max_y for b in digit)
    window = labels[min_y:max_y + 1, min_x:max_x + 1]
    kept = np.isin(window, [b.label for b in digit])
    return np.where(kept, plane[min_y:max_y + 1, min_x:max_x + 1], np.float32(0)).astype(np.float32)


def _is_frame(frame, blobs):
    margin = max(2, _round(FRAME_MARGIN * frame.size()))
    return any(inner is not frame and inner.mass >= FRAMED_MASS * frame.mass and frame.encloses(inner, margin)
               for inner in blobs)


def _label(plane):
    """8-connected blobs of ink, labelled 1, 2, ... in the order a row-by-row scan meets them.

    Works on runs of ink along each row, joined with the runs of the row above that touch them
    (diagonals included), so Python loops over runs, not pixels."""
    height, width = plane.shape
    mask = plane >= INK_THRESHOLD
    runs = []                      # (row, start, end), end exclusive, row by row
    rows = [0]                     # the runs of row y are runs[rows[y]:rows[y + 1]]
    for y in range(height):
        edges = np.flatnonzero(np.diff(np.concatenate(([0], mask[y].view(np.int8), [0]))))
        runs.extend((y, int(s), int(e)) for s, e in zip(edges[::2], edges[1::2]))
        rows.append(len(runs))
    parent = list(range(len(runs)))

    def root(r):
        while parent[r] != r:
            parent[r] = parent[parent[r]]
            r = parent[r]
        return r

    for y in range(1, height):
        above, above_end = rows[y - 1], rows[y]
        for r in range(rows[y], rows[y + 1]):
            _, start, end = runs[r]
            # Runs of the row above touch this one, diagonally too, when they reach [start - 1, end].
            while above < above_end and runs[above][2] < start:
                above += 1
            touching = above
            while touching < above_end and runs[touching][1] <= end:
                a, b = root(touching), root(r)
                if a != b:
                    parent[max(a, b)] = min(a, b)
                touching += 1
    labels = np.zeros((height, width), dtype=np.int32)
    number = {}
    for r, (y, start, end) in enumerate(runs):
        labels[y, start:end] = number.setdefault(root(r), len(number) + 1)
    count = len(number)
    mass = np.bincount(labels.ravel(), weights=plane.ravel().astype(np.float64), minlength=count + 1)
    band = max(1, _round(EDGE_BAND * min(width, height)))
    inner = np.zeros((height, width), dtype=bool)
    inner[band:height - band, band:width - band] = True
    away_from_edge = np.bincount(labels[inner], minlength=count + 1)
    ys, xs = np.nonzero(labels)
    owners = labels[ys, xs]
    min_x = np.full(count + 1, width)
    min_y = np.full(count + 1, height)
    max_x = np.full(count + 1, -1)
    max_y = np.full(count + 1, -1)
    np.minimum.at(min_x, owners, xs)
    np.minimum.at(min_y, owners, ys)
    np.maximum.at(max_x, owners, xs)
    np.maximum.at(max_y, owners, ys)
    blobs = [_Blob(n, mass[n], (int(min_x[n]), int(min_y[n]), int(max_x[n]), int(max_y[n])), away_from_edge[n] == 0)
             for n in range(1, count + 1)]
    return labels, blobs


def frame(digit):
    """The cropped digit in MNIST's 28x28 frame."""
    height, width = digit.shape
    longer = max(width, height)
    box_width = max(1, _round(np.float32(width) * BOX / longer))
    box_height = max(1, _round(np.float32(height) * BOX / longer))
    box = resize(digit, box_width, box_height)
    mass = box.sum(dtype=np.float64)
    ys, xs = np.mgrid[0:box_height, 0:box_width]
    centre_x = (box * xs).sum(dtype=np.float64) / mass
    centre_y = (box * ys).sum(dtype=np.float64) / mass
    # A lopsided digit would have its centre of mass pulled to 14 past the frame's edge:
    # it stops at the edge instead, keeping all of its ink.
    left = min(max(_round(SIDE / 2 - centre_x), 0), SIDE - box_width)
    top = min(max(_round(SIDE / 2 - centre_y), 0), SIDE - box_height)
    pixels = np.zeros((SIDE, SIDE), dtype=np.float32)
    pixels[top:top + box_height, left:left + box_width] = box / box.max()
    return pixels
