using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Course.Grading.Submissions;

/// <summary>
/// Opens a file below a trusted folder without following any symbolic link and without blocking on a FIFO (Linux:
/// openat from component to component, each checked with statx before and after it is opened, so a name swapped
/// for a link or a FIFO in between is caught). Elsewhere, managed checks of the same rules.
/// </summary>
internal static class PosixFiles
{
    private const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100, AtEmptyPath = 0x1000;
    private const int ORdOnly = 0, ONonBlock = 0x800, OCloExec = 0x80000;
    private const uint StatxBasic = 0x7ff;
    private const int TypeMask = 0xF000, Directory = 0x4000, Regular = 0x8000, Symlink = 0xA000, Fifo = 0x1000,
                      CharDevice = 0x2000, BlockDevice = 0x6000, Socket = 0xC000;

    [DllImport("libc", SetLastError = true)] private static extern int openat(int dirfd, string path, int flags, int mode);
    [DllImport("libc", SetLastError = true)] private static extern int statx(int dirfd, string path, int flags, uint mask, byte[] buffer);
    [DllImport("libc", SetLastError = true)] private static extern int close(int fd);

    private readonly record struct Status(int Type, ulong Inode, ulong Size, uint DevMajor, uint DevMinor);

    /// <summary>
    /// Reads <paramref name="relative"/> (components separated by '/') below <paramref name="trustedFolder"/>, which is
    /// followed as given. Throws <see cref="InvalidDataException"/> naming the problem when a component is a link, the
    /// file is not a regular file, or it holds more than <paramref name="maxBytes"/>.
    /// </summary>
    public static byte[] ReadBeneath(string trustedFolder, string relative, long maxBytes)
    {
        string shown = Path.Combine(trustedFolder, relative);
        if (!OperatingSystem.IsLinux()) return ReadManaged(shown, trustedFolder, maxBytes);
        int dir = openat(AtFdCwd, trustedFolder, ORdOnly | OCloExec, 0);
        if (dir < 0) throw new IOException($"{trustedFolder}: cannot open the folder (errno {Marshal.GetLastPInvokeError()}).");
        var parts = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        try
        {
            for (int i = 0; i < parts.Length; i++)
            {
                bool last = i == parts.Length - 1;
                string here = Path.Combine(trustedFolder, string.Join('/', parts[..(i + 1)]));
                var before = Stat(dir, parts[i], AtSymlinkNoFollow, here);
                Require(before, last ? Regular : Directory, here);
                if (last && before.Size > (ulong)maxBytes) throw TooLarge(here, before.Size, maxBytes);
                int next = openat(dir, parts[i], ORdOnly | ONonBlock | OCloExec, 0);
                if (next < 0) throw new IOException($"{here}: cannot open it (errno {Marshal.GetLastPInvokeError()}).");
                var after = Stat(next, "", AtEmptyPath, here);
                if (after.Inode != before.Inode || after.DevMajor != before.DevMajor || after.DevMinor != before.DevMinor || after.Type != before.Type)
                {
                    close(next);
                    throw new InvalidDataException($"{here} changed while it was being opened (replaced by a link?); it is not graded.");
                }
                close(dir);
                dir = next;
                if (last) return ReadAll(ref dir, here, maxBytes);
            }
            throw new InvalidDataException($"{shown}: not a file.");
        }
        finally { if (dir >= 0) close(dir); }
    }

    private static byte[] ReadAll(ref int fd, string shown, long maxBytes)
    {
        using var stream = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read);
        fd = -1;   // the stream owns it now
        var data = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            data.Write(chunk, 0, read);
            if (data.Length > maxBytes) throw TooLarge(shown, (ulong)data.Length, maxBytes);
        }
        return data.ToArray();
    }

    private static Status Stat(int dir, string name, int flags, string shown)
    {
        var buffer = new byte[256];
        if (statx(dir, name, flags, StatxBasic, buffer) != 0)
            throw new IOException($"{shown}: cannot read its type (errno {Marshal.GetLastPInvokeError()}).");
        var b = buffer.AsSpan();
        return new Status(BinaryPrimitives.ReadUInt16LittleEndian(b[28..]) & TypeMask, BinaryPrimitives.ReadUInt64LittleEndian(b[32..]),
            BinaryPrimitives.ReadUInt64LittleEndian(b[40..]), BinaryPrimitives.ReadUInt32LittleEndian(b[136..]), BinaryPrimitives.ReadUInt32LittleEndian(b[140..]));
    }

    private static void Require(Status status, int type, string shown)
    {
        if (status.Type == type) return;
        string what = status.Type switch
        {
            Symlink => "a symbolic link: a submission must be the student's own file, not a link to another",
            Fifo => "a FIFO, not a regular file",
            CharDevice or BlockDevice => "a device, not a regular file",
            Socket => "a socket, not a regular file",
            Directory => "a folder where a file was expected",
            Regular => "a file where a folder was expected",
            _ => "not a regular file",
        };
        throw new InvalidDataException($"{shown} is {what}; it is not graded.");
    }

    private static InvalidDataException TooLarge(string shown, ulong size, long maxBytes)
        => new($"{shown} holds {size:N0} bytes or more, over the limit of {maxBytes:N0} (--max-notebook-mb); it is not graded.");

    private static byte[] ReadManaged(string path, string trustedFolder, long maxBytes)
    {
        for (var p = path; p.Length > trustedFolder.Length; p = Path.GetDirectoryName(p)!)
            if (new FileInfo(p).LinkTarget is not null) throw new InvalidDataException($"{p} is a symbolic link; it is not graded.");
        var info = new FileInfo(path);
        if (!info.Exists) throw new InvalidDataException($"{path} is not a regular file; it is not graded.");
        if (info.Length > maxBytes) throw TooLarge(path, (ulong)info.Length, maxBytes);
        return File.ReadAllBytes(path);
    }
}
