using System.Text;
using Course.Notebooks.Contract;

namespace Course.Grading.Tests.Sandbox;

/// <summary>The worker protocol's framing: authenticated, size-capped, hello first.</summary>
public sealed class WorkerChannelTests
{
    private static (FrameChannel Sender, FrameChannel Receiver) Pair(MemoryStream wire, int cap = 1 << 20, byte[]? key = null)
    {
        var sender = new FrameChannel(Stream.Null, wire, cap) { Key = key };
        var receiver = new FrameChannel(wire, Stream.Null, cap) { Key = key };
        return (sender, receiver);
    }

    [Fact]
    public async Task Messages_round_trip_after_the_hello_and_carry_seq_and_nonce()
    {
        var wire = new MemoryStream();
        var key = FrameChannel.NewKey();
        var (sender, _) = Pair(wire, key: key);
        sender.Send(new WorkerHello { Key = Convert.ToHexStringLower(key), WorkingDirectory = "/w", Nonce = "n0" });
        sender.Send(new WorkerRunCell { Seq = 1, Nonce = "n1", Index = 3, Id = "abc", Source = "1 + 1", ExecutionCount = 1 });
        wire.Position = 0;
        var receiver = new FrameChannel(wire, Stream.Null, 1 << 20);
        var hello = Assert.IsType<WorkerHello>(await receiver.ReceiveAsync(CancellationToken.None));
        receiver.Key = Convert.FromHexString(hello.Key);
        var cell = Assert.IsType<WorkerRunCell>(await receiver.ReceiveAsync(CancellationToken.None));
        Assert.Equal((1L, "n1", "1 + 1"), (cell.Seq, cell.Nonce, cell.Source));
        await Assert.ThrowsAsync<EndOfStreamException>(() => receiver.ReceiveAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_reply_under_another_key_is_a_forgery()
    {
        var wire = new MemoryStream();
        new FrameChannel(Stream.Null, wire, 1 << 20) { Key = FrameChannel.NewKey() }
            .Send(new WorkerCellDone { Seq = 4, Nonce = "n4", Status = WorkerCellDone.Statuses.Completed });
        wire.Position = 0;
        var grader = new FrameChannel(wire, Stream.Null, 1 << 20) { Key = FrameChannel.NewKey() };
        var e = await Assert.ThrowsAsync<ProtocolViolationException>(() => grader.ReceiveAsync(CancellationToken.None));
        Assert.Contains("MAC does not match", e.Message);
    }

    [Theory]
    [InlineData("- {\"type\":\"cell_done\",\"seq\":1,\"nonce\":\"x\",\"status\":\"completed\",\"outputs\":[]}\n", "a message before the hello")]
    [InlineData("{\"type\":\"hello\"}\n", "a line without a MAC")]
    [InlineData("- {\"type\":\"whatever\"}\n", "a line that is not a message")]
    public async Task Anything_but_a_hello_first_is_refused(string line, string why)
    {
        var grader = new FrameChannel(new MemoryStream(Encoding.ASCII.GetBytes(line)), Stream.Null, 1 << 20);
        Assert.Contains(why, (await Assert.ThrowsAsync<ProtocolViolationException>(() => grader.ReceiveAsync(CancellationToken.None))).Message);
    }

    [Fact]
    public async Task A_line_longer_than_the_cap_is_refused_without_reading_it_all()
    {
        var flood = new CountingStream(64L << 20);   // 64 MB without a line break
        var grader = new FrameChannel(flood, Stream.Null, 1 << 20) { Key = FrameChannel.NewKey() };
        var e = await Assert.ThrowsAsync<ProtocolViolationException>(() => grader.ReceiveAsync(CancellationToken.None));
        Assert.Contains("longer than 1,048,576 bytes", e.Message);
        Assert.InRange(flood.Served, 1 << 20, 2 << 20);
    }

    /// <summary>An endless source of 'x' that counts what was read from it.</summary>
    private sealed class CountingStream(long length) : Stream
    {
        public long Served { get; private set; }
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = (int)Math.Min(count, length - Served);
            Array.Fill(buffer, (byte)'x', offset, n);
            Served += n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => Served; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
