using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Course.Kernel.Protocol;
using NetMQ;
using NetMQ.Sockets;

namespace Course.Kernel.Tests;

/// <summary>The kernel's protocol, driven by Debian's jupyter_client (a real Jupyter client) and by raw ZeroMQ.</summary>
public sealed class KernelProtocolTests
{
    [Fact]
    public void Kernel_info_names_CSharp_and_protocol_5_3()
    {
        using var k = new KernelFixture();
        var r = k.Client("result['info'] = kc.kernel_info(reply=True, timeout=10)['content']");
        var info = r.GetProperty("info");
        Assert.Equal("5.3", info.GetProperty("protocol_version").GetString());
        Assert.Equal("C#", info.GetProperty("language_info").GetProperty("name").GetString());
        Assert.Equal(".cs", info.GetProperty("language_info").GetProperty("file_extension").GetString());
    }

    [Fact]
    public void Execute_streams_results_errors_and_counts()
    {
        using var k = new KernelFixture();
        var r = k.Client("""
            result['a'] = run('print hello')
            result['b'] = run('count')
            result['c'] = run('fail boom')
            result['d'] = run('print quiet', silent=True)
            result['e'] = run('count', store_history=False)
            """);
        var a = r.GetProperty("a");
        Assert.Equal("ok", a.GetProperty("reply").GetProperty("status").GetString());
        Assert.Equal(1, a.GetProperty("reply").GetProperty("execution_count").GetInt32());
        var types = a.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("type").GetString()).ToList();
        Assert.Equal(["status", "execute_input", "stream"], types);
        Assert.Equal("hello\n", a.GetProperty("outputs")[2].GetProperty("content").GetProperty("text").GetString());

        var b = r.GetProperty("b").GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("type").GetString() == "execute_result");
        Assert.Equal(2, b.GetProperty("content").GetProperty("execution_count").GetInt32());

        var c = r.GetProperty("c");
        Assert.Equal("error", c.GetProperty("reply").GetProperty("status").GetString());
        Assert.Equal("boom", c.GetProperty("reply").GetProperty("evalue").GetString());
        Assert.Contains(c.GetProperty("outputs").EnumerateArray(), o => o.GetProperty("type").GetString() == "error");

        // silent: no execute_input, no outputs, count unchanged
        var d = r.GetProperty("d");
        Assert.DoesNotContain(d.GetProperty("outputs").EnumerateArray(), o => o.GetProperty("type").GetString() is "execute_input" or "stream");
        Assert.Equal(3, r.GetProperty("e").GetProperty("reply").GetProperty("execution_count").GetInt32());
    }

    [Fact]
    public void Display_update_and_clear_output_reach_iopub()
    {
        using var k = new KernelFixture();
        var r = k.Client("result['show'] = run('show'); result['clear'] = run('clear')");
        var outputs = r.GetProperty("show").GetProperty("outputs").EnumerateArray().ToList();
        var display = outputs.Single(o => o.GetProperty("type").GetString() == "display_data").GetProperty("content");
        var update = outputs.Single(o => o.GetProperty("type").GetString() == "update_display_data").GetProperty("content");
        Assert.Equal("d1", display.GetProperty("transient").GetProperty("display_id").GetString());
        Assert.Equal("d1", update.GetProperty("transient").GetProperty("display_id").GetString());
        Assert.Equal("second", update.GetProperty("data").GetProperty("text/plain").GetString());
        Assert.Contains(r.GetProperty("clear").GetProperty("outputs").EnumerateArray(), o => o.GetProperty("type").GetString() == "clear_output");
    }

    [Fact]
    public void Complete_inspect_is_complete_history_and_comm_info()
    {
        using var k = new KernelFixture();
        var r = k.Client("""
            run('print one'); run('print two')
            result['complete'] = kc.complete('pr', 2, reply=True, timeout=10)['content']
            result['inspect'] = kc.inspect('print', 3, reply=True, timeout=10)['content']
            kc.is_complete('if (x) {')
            result['incomplete'] = kc.get_shell_msg(timeout=10)['content']
            result['history'] = kc.history(hist_access_type='tail', n=1, reply=True, timeout=10)['content']
            result['comms'] = kc.comm_info(reply=True, timeout=10)['content']
            """);
        Assert.Equal(["print"], r.GetProperty("complete").GetProperty("matches").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, r.GetProperty("complete").GetProperty("cursor_start").GetInt32());
        Assert.True(r.GetProperty("inspect").GetProperty("found").GetBoolean());
        Assert.Equal("incomplete", r.GetProperty("incomplete").GetProperty("status").GetString());
        var history = r.GetProperty("history").GetProperty("history").EnumerateArray().Single();
        Assert.Equal("print two", history[2].GetString());
        Assert.Equal("ok", r.GetProperty("comms").GetProperty("status").GetString());
    }

    [Fact]
    public void Interrupt_on_the_control_channel_stops_a_running_cell_within_a_second()
    {
        using var k = new KernelFixture();
        var r = k.Client("""
            msg_id = kc.execute('loop')
            time.sleep(0.5)
            t0 = time.time()
            kc.control_channel.send(kc.session.msg('interrupt_request', {}))
            reply = kc.get_shell_msg(timeout=10)
            result['seconds'] = time.time() - t0
            result['reply'] = reply['content']
            result['after'] = run('print still alive')
            """);
        Assert.True(r.GetProperty("seconds").GetDouble() < 1.0, $"interrupt took {r.GetProperty("seconds").GetDouble()} s");
        Assert.Equal("error", r.GetProperty("reply").GetProperty("status").GetString());
        Assert.Equal("ok", r.GetProperty("after").GetProperty("reply").GetProperty("status").GetString());
    }

    [Fact]
    public void Restart_replies_and_stops_the_kernel_so_the_front_end_starts_a_new_process()
    {
        using var k = new KernelFixture();
        var r = k.Client("""
            run('count')
            msg = kc.session.msg('shutdown_request', {'restart': True})
            kc.control_channel.send(msg)
            result['shutdown'] = kc._recv_reply(msg['header']['msg_id'], channel='control', timeout=10)['content']
            """);
        Assert.True(r.GetProperty("shutdown").GetProperty("restart").GetBoolean());
        Assert.True(k.WaitStopped(TimeSpan.FromSeconds(3)), "the kernel kept serving after a restart request");
        Assert.True(k.Sessions[0].Disposed);
        Assert.Single(k.Sessions);
    }

    [Fact]
    public void A_cell_reading_input_sends_an_input_request_and_gets_the_reply()
    {
        using var k = new KernelFixture();
        var r = k.Client("""
            msg_id = kc.execute('ask your name?', allow_stdin=True)
            request = kc.get_stdin_msg(timeout=10)
            result['request'] = request['content']
            result['parent'] = request['parent_header']['msg_id'] == msg_id
            kc.input('Ada')
            outputs = []
            while True:
                m = kc.get_iopub_msg(timeout=10)
                if m['parent_header'].get('msg_id') != msg_id: continue
                if m['msg_type'] == 'status' and m['content']['execution_state'] == 'idle': break
                outputs.append(m['content'])
            result['outputs'] = outputs
            kc.get_shell_msg(timeout=10)
            result['without'] = run('ask nobody?', allow_stdin=False)
            """);
        Assert.Equal("your name?", r.GetProperty("request").GetProperty("prompt").GetString());
        Assert.False(r.GetProperty("request").GetProperty("password").GetBoolean());
        Assert.True(r.GetProperty("parent").GetBoolean());
        Assert.Contains(r.GetProperty("outputs").EnumerateArray(), o => o.TryGetProperty("text", out var t) && t.GetString() == "got Ada\n");
        Assert.Contains(r.GetProperty("without").GetProperty("outputs").EnumerateArray(),
            o => o.GetProperty("content").TryGetProperty("text", out var t) && t.GetString() == "got nothing\n");
    }

    [Fact]
    public void A_badly_signed_request_is_dropped_and_logged_never_executed()
    {
        using var k = new KernelFixture();
        using var dealer = new DealerSocket();
        dealer.Connect(k.Connection.Endpoint(k.Connection.ShellPort));
        var good = new WireFormat(new MessageSigner(k.Connection.Key));
        var forged = new WireFormat(new MessageSigner("not-the-key"));
        JupyterMessage Request(string code) => new([], JupyterMessage.NewHeader("execute_request", "test"), [], [],
            new System.Text.Json.Nodes.JsonObject { ["code"] = code, ["silent"] = false }, []);

        dealer.SendMultipartBytes(forged.Encode(Request("count")));
        var watch = Stopwatch.StartNew();
        List<byte[]> frames = [];
        Assert.False(dealer.TryReceiveMultipartBytes(TimeSpan.FromSeconds(1), ref frames), "a forged request was answered");
        Assert.Contains("bad signature", k.Log.ToString());

        dealer.SendMultipartBytes(good.Encode(Request("count")));
        Assert.True(dealer.TryReceiveMultipartBytes(TimeSpan.FromSeconds(10), ref frames));
        var reply = good.Decode(frames!);
        Assert.Equal("execute_reply", reply.Type);
        Assert.Equal(1, (int)reply.Content["execution_count"]!);   // the forged one never ran: this is the first execution
    }

    [Fact]
    public void Heartbeat_echoes()
    {
        using var k = new KernelFixture();
        using var req = new RequestSocket();
        req.Connect(k.Connection.Endpoint(k.Connection.HeartbeatPort));
        req.SendFrame("ping");
        Assert.True(req.TryReceiveFrameString(TimeSpan.FromSeconds(5), out var echo));
        Assert.Equal("ping", echo);
    }

    [Fact]
    public void A_bad_connection_file_names_the_file_and_the_problem()
    {
        string path = Path.Combine(Path.GetTempPath(), $"conn-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"transport":"tcp","ip":"127.0.0.1","shell_port":0,"iopub_port":1,"stdin_port":2,"control_port":3,"hb_port":4,"key":"k","signature_scheme":"hmac-sha256"}""");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => ConnectionInfo.Read(path));
            Assert.Contains(path, e.Message);
            Assert.Contains("shell_port", e.Message);
        }
        finally { File.Delete(path); }
    }
}
