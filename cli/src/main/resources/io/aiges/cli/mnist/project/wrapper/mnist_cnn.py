"""The forward pass of aiges's embedded MNIST model (mnist-cnn.onnx) in numpy, with its weights
as `aiges -mnist` exported them to mnist-cnn.npz:

    (x - mean) / std, 2 x [conv 3x3 -> ReLU] with 32 channels, max-pool 2,
    2 x [conv 3x3 -> ReLU] with 64 channels, max-pool 2, dense 3136 -> 10

(the training's batch norms are folded into the convolutions, as in the ONNX graph).

    net = Cnn.load("mnist-cnn.npz")
    logits = net.logits(pixels)            # pixels: float32 (28, 28) in [0, 1]; logits: (10,)
"""

import numpy as np

CONVOLUTIONS = ("conv1", "conv2", "conv3", "conv4")


class Cnn:
    def __init__(self, weights):
        self.mean = np.float32(weights["mean"])
        self.std = np.float32(weights["std"])
        self.convolutions = [(weights[name + ".weight"], weights[name + ".bias"]) for name in CONVOLUTIONS]
        self.dense = (weights["fc.weight"], weights["fc.bias"])

    @classmethod
    def load(cls, path):
        with np.load(path) as weights:
            return cls({name: weights[name].astype(np.float32) for name in weights.files})

    def logits(self, pixels):
        x = ((pixels.astype(np.float32) - self.mean) / self.std)[None]      # (1, 28, 28): channels first
        for i, (weight, bias) in enumerate(self.convolutions):
            x = np.maximum(_conv3x3(x, weight, bias), 0)
            if i % 2 == 1:
                x = _max_pool2(x)
        weight, bias = self.dense
        return weight @ x.reshape(-1) + bias


def _conv3x3(x, weight, bias):
    """Stride 1, padding 1: (C, H, W) -> (O, H, W), as one matrix product over 3x3 patches."""
    channels, height, width = x.shape
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1)))
    patches = np.empty((channels, 3, 3, height, width), dtype=np.float32)
    for dy in range(3):
        for dx in range(3):
            patches[:, dy, dx] = padded[:, dy:dy + height, dx:dx + width]
    out = weight.reshape(len(weight), -1) @ patches.reshape(channels * 9, height * width)
    return (out + bias[:, None]).reshape(len(weight), height, width)


def _max_pool2(x):
    channels, height, width = x.shape
    return x[:, :height // 2 * 2, :width // 2 * 2].reshape(channels, height // 2, 2, width // 2, 2).max(axis=(2, 4))


def softmax(logits):
    shifted = np.exp(logits - logits.max())
    return shifted / shifted.sum()
