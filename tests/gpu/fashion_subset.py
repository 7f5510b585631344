"""Writes the first N Fashion-MNIST training images and labels (IDX, gzip) and the whole test set to a folder."""
import gzip, shutil, sys
from pathlib import Path

source, target, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
target.mkdir(parents=True, exist_ok=True)
for name, header in [('train-images-idx3-ubyte.gz', 16), ('train-labels-idx1-ubyte.gz', 8)]:
    data = gzip.open(source / name).read()
    total = int.from_bytes(data[4:8], 'big')
    if count > total:
        sys.exit(f'{source / name} holds {total} items, fewer than the {count} asked for')
    per_item = (len(data) - header) // total
    head = bytearray(data[:header]); head[4:8] = count.to_bytes(4, 'big')
    with gzip.open(target / name, 'wb', 9) as f:
        f.write(bytes(head) + data[header:header + count * per_item])
for name in ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']:
    shutil.copy(source / name, target / name)
