#!/usr/bin/env python3
"""Exports torchvision models' state dicts in TorchSharp's file format, for the labs library's models.

The format is the one TorchSharp documents for weights made in PyTorch (its exportsd.py; Module.load and
Course.Labs.Weights.StateDictFile read it): an unsigned LEB128 entry count, then for each entry its name (LEB128
byte length, UTF-8) and its tensor (LEB128 element type, rank and sizes, then the raw little-endian elements).
Written here without exportsd.py's extra dependency (the leb128 package): only torch and torchvision are needed.

ImageNet weights (an instructor with internet, once; torchvision downloads them into its own cache):
    python3 export_torchvision.py resnet50 vgg16 squeezenet1_0 --out weights/
Random weights and a reference input/output pair (no download; what the library's tests compare against):
    python3 export_torchvision.py resnet18 alexnet --random 0 --example 2,64,64 --out /tmp/check/
Each ARCH writes ARCH.dat (and, with --example, ARCH.example.dat holding "input" and "output", the model's eval-mode
output for that input) and prints one line: ARCH, file, bytes and (for ImageNet weights, to publish with them) SHA-256.
A model's layout without writing anything (each entry's name, element type and shape):
    python3 export_torchvision.py resnet152 --list
"""
import argparse
import hashlib
import os
import sys

import torch
import torchvision

# The element type codes of TorchSharp's ScalarType (the format's type field).
_TYPE_CODES = {
    torch.uint8: 0, torch.int8: 1, torch.int16: 2, torch.int32: 3, torch.int64: 4,
    torch.float16: 5, torch.float32: 6, torch.float64: 7, torch.bool: 11, torch.bfloat16: 15,
}


def _leb128(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def write_state_dict(entries, path):
    """Writes an ordered name -> tensor mapping to path atomically (a temporary file renamed over it)."""
    temporary = f"{path}.{os.getpid()}.tmp"
    with open(temporary, "wb") as stream:
        stream.write(_leb128(len(entries)))
        for name, tensor in entries.items():
            if tensor.dtype not in _TYPE_CODES:
                raise ValueError(f"{name}: element type {tensor.dtype} has no TorchSharp code")
            encoded = name.encode("utf-8")
            stream.write(_leb128(len(encoded)))
            stream.write(encoded)
            tensor = tensor.detach().cpu().contiguous()
            stream.write(_leb128(_TYPE_CODES[tensor.dtype]))
            stream.write(_leb128(tensor.dim()))
            for size in tensor.shape:
                stream.write(_leb128(size))
            stream.write(tensor.numpy().tobytes() if tensor.dtype != torch.bfloat16 else tensor.view(torch.int16).numpy().tobytes())
    os.replace(temporary, path)


def build(arch, pretrained):
    """torchvision's model ARCH, with its default ImageNet weights (downloaded once) or torchvision's random initialisation."""
    constructor = getattr(torchvision.models, arch, None)
    if constructor is None or not callable(constructor):
        raise SystemExit(f"unknown torchvision model '{arch}'")
    if not pretrained:
        return constructor()
    try:
        return constructor(weights="DEFAULT")   # torchvision >= 0.13
    except TypeError:
        return constructor(pretrained=True)     # older torchvision


def randomise_batch_norm(model, generator):
    """BatchNorm layers with random affine parameters and running statistics, so that eval mode uses all of them."""
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.modules.batchnorm._BatchNorm):
                module.weight.uniform_(0.5, 1.5, generator=generator)
                module.bias.normal_(0.0, 0.1, generator=generator)
                module.running_mean.normal_(0.0, 0.1, generator=generator)
                module.running_var.uniform_(0.5, 1.5, generator=generator)
                module.num_batches_tracked.fill_(int(torch.randint(1, 1000, (1,), generator=generator)))


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("archs", nargs="+", metavar="ARCH", help="torchvision model names (resnet18, vgg16_bn, densenet121, ...)")
    parser.add_argument("--out", help="folder for ARCH.dat files")
    parser.add_argument("--list", action="store_true", help="print 'ARCH COUNT' then 'NAME DTYPE SIZES' per entry instead of writing files")
    parser.add_argument("--random", type=int, metavar="SEED", help="random weights from this seed instead of ImageNet's (no download)")
    parser.add_argument("--example", metavar="N,H,W", help="also write ARCH.example.dat: a random input [N,3,H,W] and the model's output")
    parser.add_argument("--pace", action="store_true",
                        help="before writing each model after the first, wait for a line on standard input (a reader that deletes "
                             "each model's files once it has read them then holds one model's files at a time)")
    args = parser.parse_args(argv)
    if args.list:
        for arch in args.archs:
            entries = build(arch, pretrained=False).state_dict()
            print(arch, len(entries))
            for name, tensor in entries.items():
                print(name, str(tensor.dtype).replace("torch.", ""), ",".join(str(d) for d in tensor.shape))
        return 0
    if not args.out:
        parser.error("--out is required (or --list)")
    os.makedirs(args.out, exist_ok=True)
    example = [int(v) for v in args.example.split(",")] if args.example else None
    for index, arch in enumerate(args.archs):
        if args.random is not None:
            torch.manual_seed(args.random)
        model = build(arch, pretrained=args.random is None)
        if args.random is not None:
            randomise_batch_norm(model, torch.Generator().manual_seed(args.random + 1))
        model.eval()
        if args.pace and index > 0 and not sys.stdin.readline():
            return 1   # the reader went away
        path = os.path.join(args.out, f"{arch}.dat")
        write_state_dict(model.state_dict(), path)
        if example:
            n, h, w = example
            x = torch.randn(n, 3, h, w, generator=torch.Generator().manual_seed(args.random or 0))
            with torch.no_grad():
                y = model(x)
            write_state_dict({"input": x, "output": y}, os.path.join(args.out, f"{arch}.example.dat"))
        digest = sha256(path) if args.random is None else "-"
        print(arch, path, os.path.getsize(path), digest, flush=True)
        del model
    return 0


if __name__ == "__main__":
    sys.exit(main())
