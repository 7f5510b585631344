namespace Course.Labs.Data.ReId;

/// <summary>
/// One person image of a re-identification data set, parsed from its Market-1501 file name
/// (<c>0002_c1s1_000451_03.jpg</c>: person 0002, camera 1, sequence 1, frame 451, detection 3).
/// </summary>
/// <param name="Path">Full path of the image file.</param>
/// <param name="PersonId">The person id as written in the name (0 = distractor); for training images see <see cref="Label"/>.</param>
/// <param name="CameraId">Zero-based camera index (the name's c1 is 0), as torchreid stores it.</param>
/// <param name="Sequence">The sequence number (s1 = 1), or 0 when the name has none.</param>
/// <param name="Frame">The frame number within the sequence, or 0 when the name has none.</param>
/// <param name="Label">For training images, the person id relabelled to 0..N-1 in sorted order; otherwise equal to <see cref="PersonId"/>.</param>
public sealed record ReIdImage(string Path, int PersonId, int CameraId, int Sequence, int Frame, int Label);
