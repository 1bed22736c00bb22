using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Streaming;
using Elsa.Responses.Client.Transport;
using Xunit.Abstractions;

namespace Elsa.Responses.Client.Tests.Memory;

/// <summary>
/// Reading a stream must cost memory in proportion to its size: the bytes allocated while streaming 1 KB, 100 KB, 1 MB and
/// 10 MB to a result, per input byte, may not grow with the size. Quadratic work (string concatenation per delta, a
/// rescan of everything so far on every event) makes the per-byte figure grow with the stream and fails the check.
/// </summary>
/// <remarks>
/// Allocations are counted with <see cref="GC.GetAllocatedBytesForCurrentThread"/>, which other tests running in parallel
/// cannot disturb. That is only the whole pipeline's count when it runs on this thread, so the replay handler answers
/// synchronously from a byte array, every read of the body completes at once, and each test asserts the task was finished
/// when <c>StreamAsync(…).ToResultAsync()</c> returned. No timing is asserted.
/// </remarks>
public sealed class StreamMemoryGrowthTests(ITestOutputHelper output)
{
    private static readonly int[] Sizes = [1 << 10, 100 << 10, 1 << 20, 10 << 20];

    // Bytes allocated per input byte at a larger size may be at most Factor × the figure at 100 KB, plus Slack.
    // Linear code measures about 1×; a quadratic accumulation measures 10× at 1 MB and 100× at 10 MB.
    private const double Factor = 1.5;
    private const double Slack = 0.5;

    public enum Shape
    {
        TextDeltas,
        ArgumentDeltas,
        ChatChunks,
    }

    [Theory]
    [InlineData(Shape.TextDeltas)]
    [InlineData(Shape.ArgumentDeltas)]
    [InlineData(Shape.ChatChunks)]
    public void StreamAsync_StreamsOf1KbTo10Mb_AllocationGrowsLinearly(Shape shape)
    {
        // The first stream pays for JIT compilation and static caches; it is not counted. Each size is then read twice and
        // the second count kept: the first read of a size also fills ArrayPool buckets of that size, which happens once.
        Measure(shape, 4 << 10);

        var samples = Sizes.Select(size =>
        {
            Measure(shape, size);
            return Measure(shape, size);
        }).ToArray();

        foreach (var sample in samples)
            output.WriteLine($"{shape}: {sample.InputBytes,12:N0} input bytes -> {sample.AllocatedBytes,14:N0} allocated ({sample.PerInputByte:F2} per byte)");
        Assert.Null(LinearityViolation(samples, reference: 100 << 10));
    }

    [Fact]
    public void LinearityViolation_QuadraticConcatenation_IsReported()
    {
        // The same check over a reader with the classic bug (text += delta): it must catch it, or the test above proves nothing.
        // Smaller sizes keep the quadratic reader fast; the reference is again the second size.
        int[] sizes = [1 << 10, 8 << 10, 64 << 10, 256 << 10];
        var samples = sizes.Select(size =>
        {
            var body = Streams.Build(Shape.TextDeltas, size);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var text = string.Empty;
            foreach (var item in SseParser.Create(new MemoryStream(body)).Enumerate())
            {
                using var document = JsonDocument.Parse(item.Data);
                if (document.RootElement.GetProperty("type").GetString() == "response.output_text.delta")
                    text += document.RootElement.GetProperty("delta").GetString();
            }

            Assert.NotEmpty(text);
            return new Sample(body.Length, GC.GetAllocatedBytesForCurrentThread() - before);
        }).ToArray();

        var violation = LinearityViolation(samples, reference: 8 << 10);

        output.WriteLine(violation ?? "(no violation)");
        Assert.NotNull(violation);
    }

    /// <summary>Null when every sample above the reference size allocates at most Factor × the reference's bytes per input byte, plus Slack.</summary>
    private static string? LinearityViolation(IReadOnlyList<Sample> samples, int reference)
    {
        var baseline = samples.First(s => s.InputBytes >= reference * 0.9);
        var bound = Factor * baseline.PerInputByte + Slack;
        var over = samples.Where(s => s.InputBytes > baseline.InputBytes && s.PerInputByte > bound).ToArray();
        return over.Length == 0
            ? null
            : $"Allocation grows faster than the input: {baseline.PerInputByte:F2} bytes per input byte at {baseline.InputBytes:N0} bytes, but " +
              string.Join(", ", over.Select(s => $"{s.PerInputByte:F2} at {s.InputBytes:N0}")) + $" (bound {bound:F2}).";
    }

    private static Sample Measure(Shape shape, int size)
    {
        var body = Streams.Build(shape, size);
        var client = new ResponsesClient(new HttpClient(new SynchronousReplayHandler(body)), new ResponsesClientOptions { BaseUrl = new Uri("http://replay.invalid") }, TimeProvider.System);
        var request = new ResponseRequest { Model = "test-model", Input = "Say hello.", Stream = true };

        var before = GC.GetAllocatedBytesForCurrentThread();
        var pending = client.StreamAsync(request).ToResultAsync();
        var after = GC.GetAllocatedBytesForCurrentThread();

        Assert.True(pending.IsCompleted, "The pipeline went asynchronous, so this thread's allocation count is not the whole pipeline's.");
        var result = pending.GetAwaiter().GetResult();
        Assert.True(result.Text.Length > 0 || result.ToolCalls.Count > 0, "The stream produced nothing.");
        return new Sample(body.Length, after - before);
    }

    private sealed record Sample(long InputBytes, long AllocatedBytes)
    {
        public double PerInputByte => (double)AllocatedBytes / InputBytes;
    }

    // Answers at once from the byte array: no Task.Yield, no chunking, so every await in the client completes synchronously.
    private sealed class SynchronousReplayHandler(byte[] body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }

    // Streams of about the requested size, shaped like OpenAI's: the text or arguments in deltas, then repeated in full
    // in the .done events and the terminal response (or, for chat chunks, usage and [DONE]).
    private static class Streams
    {
        private const string Fragment = " a delta of about forty characters, \"quoted\"";

        public static byte[] Build(Shape shape, int size)
        {
            // Size grows linearly with the delta count: fit the line through two small streams, then solve for the size.
            var one = Generate(shape, 1).Length;
            var perDelta = (Generate(shape, 101).Length - one) / 100.0;
            var deltas = Math.Max(1, (int)Math.Round((size - one) / perDelta) + 1);
            return Generate(shape, deltas);
        }

        private static byte[] Generate(Shape shape, int deltas)
        {
            var pieces = Enumerable.Range(0, deltas).Select(i => shape == Shape.ArgumentDeltas ? $"{{\"row\":{i},\"v\":\"{Fragment}\"}}," : Fragment).ToArray();
            var full = string.Concat(pieces);
            var sse = new SseBuilder();
            if (shape == Shape.ChatChunks)
            {
                foreach (var piece in pieces)
                    sse.Data(w => Chunk(w, piece));
                sse.Data(w => Chunk(w, null, finishReason: "stop"));
                sse.Raw("[DONE]");
                return sse.ToArray();
            }

            var isText = shape == Shape.TextDeltas;
            sse.Event("response.created", w => Response(w, "in_progress", null));
            sse.Event("response.output_item.added", w => Item(w, isText, "in_progress", isText ? null : string.Empty));
            foreach (var piece in pieces)
                sse.Event(isText ? "response.output_text.delta" : "response.function_call_arguments.delta", w => Address(w).WriteString("delta", piece));
            sse.Event(isText ? "response.output_text.done" : "response.function_call_arguments.done", w => Address(w).WriteString(isText ? "text" : "arguments", full));
            sse.Event("response.output_item.done", w => Item(w, isText, "completed", full));
            sse.Event("response.completed", w => Response(w, "completed", o => WriteItem(o, isText, "completed", full)));
            return sse.ToArray();
        }

        private static Utf8JsonWriter Address(Utf8JsonWriter w)
        {
            w.WriteString("item_id", "item_0");
            w.WriteNumber("output_index", 0);
            return w;
        }

        private static void Item(Utf8JsonWriter w, bool isText, string status, string? content)
        {
            w.WriteNumber("output_index", 0);
            w.WritePropertyName("item");
            WriteItem(w, isText, status, content);
        }

        private static void WriteItem(Utf8JsonWriter w, bool isText, string status, string? content)
        {
            w.WriteStartObject();
            w.WriteString("id", "item_0");
            w.WriteString("type", isText ? "message" : "function_call");
            w.WriteString("status", status);
            if (isText)
            {
                w.WriteString("role", "assistant");
                w.WriteStartArray("content");
                if (content is not null)
                {
                    w.WriteStartObject();
                    w.WriteString("type", "output_text");
                    w.WriteString("text", content);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }
            else
            {
                w.WriteString("call_id", "call_0");
                w.WriteString("name", "store_rows");
                w.WriteString("arguments", content);
            }

            w.WriteEndObject();
        }

        private static void Response(Utf8JsonWriter w, string status, Action<Utf8JsonWriter>? output)
        {
            w.WriteStartObject("response");
            w.WriteString("id", "resp_0");
            w.WriteString("object", "response");
            w.WriteNumber("created_at", 1758064436);
            w.WriteString("status", status);
            w.WriteString("model", "test-model");
            w.WriteStartArray("output");
            output?.Invoke(w);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        private static void Chunk(Utf8JsonWriter w, string? content, string? finishReason = null)
        {
            w.WriteString("id", "chatcmpl-0");
            w.WriteString("object", "chat.completion.chunk");
            w.WriteNumber("created", 1727346168);
            w.WriteString("model", "test-model");
            w.WriteStartArray("choices");
            w.WriteStartObject();
            w.WriteNumber("index", 0);
            w.WriteStartObject("delta");
            if (content is not null)
                w.WriteString("content", content);
            w.WriteEndObject();
            if (finishReason is null)
                w.WriteNull("finish_reason");
            else
                w.WriteString("finish_reason", finishReason);
            w.WriteEndObject();
            w.WriteEndArray();
        }
    }

    private sealed class SseBuilder
    {
        private readonly ArrayBufferWriter<byte> _buffer = new();

        public void Event(string type, Action<Utf8JsonWriter> fields)
        {
            Write($"event: {type}\n");
            Data(w =>
            {
                w.WriteString("type", type);
                fields(w);
            });
        }

        public void Data(Action<Utf8JsonWriter> fields)
        {
            Write("data: ");
            using (var writer = new Utf8JsonWriter(_buffer))
            {
                writer.WriteStartObject();
                fields(writer);
                writer.WriteEndObject();
            }

            Write("\n\n");
        }

        public void Raw(string data) => Write($"data: {data}\n\n");

        public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

        private void Write(string text) => _buffer.Write(Encoding.UTF8.GetBytes(text));
    }
}
