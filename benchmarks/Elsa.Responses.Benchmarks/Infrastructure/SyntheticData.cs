using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Elsa.Responses.Benchmarks.Infrastructure;

/// <summary>
/// Wire data generated in code, shaped like OpenAI's recordings (event names, field order, obfuscation, the full text
/// repeated in the .done events and in response.completed): the long stream, the large body, and the fallbacks used when
/// the recorded fixtures are absent.
/// </summary>
internal static class SyntheticData
{
    private const string ResponseId = "resp_0000synthetic0000000000000000000000000000000000";
    private const string MessageId = "msg_0000synthetic0000000000000000000000000000000000";
    private const string Model = "gpt-4o-mini-2024-07-18";

    private static readonly string[] Words =
    [
        " the", " workflow", " sends", " a", " request", " to", " model", ",", " and", " streams", " tokens", " back",
        " as", " they", " arrive", ".", " Each", " delta", " is", " small", ":", " one", " word", " or", " two",
    ];

    /// <summary>The text of delta number <paramref name="index"/>; the synthetic streams and bodies are made of these.</summary>
    public static string Delta(int index) => Words[index % Words.Length];

    /// <summary>An OpenAI Responses stream of one message item made of <paramref name="deltas"/> text deltas.</summary>
    public static byte[] OpenAiTextStream(int deltas)
    {
        var sse = new SseWriter();
        var text = new StringBuilder();
        sse.Event("response.created", w => { w.WriteNumber("sequence_number", sse.Sequence); WriteResponse(w, "in_progress", null, withUsage: false); });
        sse.Event("response.in_progress", w => { w.WriteNumber("sequence_number", sse.Sequence); WriteResponse(w, "in_progress", null, withUsage: false); });
        sse.Event("response.output_item.added", w =>
        {
            w.WriteNumber("sequence_number", sse.Sequence);
            w.WriteNumber("output_index", 0);
            w.WritePropertyName("item");
            WriteMessageItem(w, "in_progress", null);
        });
        sse.Event("response.content_part.added", w =>
        {
            WriteTextAddress(w, sse.Sequence);
            w.WritePropertyName("part");
            WriteTextPart(w, string.Empty);
        });
        for (var i = 0; i < deltas; i++)
        {
            var delta = Delta(i);
            text.Append(delta);
            sse.Event("response.output_text.delta", w =>
            {
                WriteTextAddress(w, sse.Sequence);
                w.WriteString("delta", delta);
                w.WriteStartArray("logprobs");
                w.WriteEndArray();
                w.WriteString("obfuscation", "jsHiuh8bUGx");
            });
        }

        var full = text.ToString();
        sse.Event("response.output_text.done", w =>
        {
            WriteTextAddress(w, sse.Sequence);
            w.WriteString("text", full);
            w.WriteStartArray("logprobs");
            w.WriteEndArray();
        });
        sse.Event("response.content_part.done", w =>
        {
            WriteTextAddress(w, sse.Sequence);
            w.WritePropertyName("part");
            WriteTextPart(w, full);
        });
        sse.Event("response.output_item.done", w =>
        {
            w.WriteNumber("sequence_number", sse.Sequence);
            w.WriteNumber("output_index", 0);
            w.WritePropertyName("item");
            WriteMessageItem(w, "completed", full);
        });
        sse.Event("response.completed", w =>
        {
            w.WriteNumber("sequence_number", sse.Sequence);
            WriteResponse(w, "completed", o => WriteMessageItem(o, "completed", full), withUsage: true);
        });
        return sse.ToArray();
    }

    /// <summary>An OpenAI Responses stream of <paramref name="calls"/> function calls, each in <paramref name="deltasPerCall"/> argument deltas.</summary>
    public static byte[] OpenAiToolStream(int calls, int deltasPerCall)
    {
        var sse = new SseWriter();
        var arguments = Enumerable.Range(0, calls).Select(i => $$"""{"a":{{i + 2}},"b":{{i + 3}},"note":"call {{i}}"}""").ToArray();
        sse.Event("response.created", w => { w.WriteNumber("sequence_number", sse.Sequence); WriteResponse(w, "in_progress", null, withUsage: false); });
        sse.Event("response.in_progress", w => { w.WriteNumber("sequence_number", sse.Sequence); WriteResponse(w, "in_progress", null, withUsage: false); });
        for (var call = 0; call < calls; call++)
        {
            var index = call;
            var args = arguments[call];
            sse.Event("response.output_item.added", w =>
            {
                w.WriteNumber("sequence_number", sse.Sequence);
                w.WriteNumber("output_index", index);
                w.WritePropertyName("item");
                WriteFunctionCallItem(w, index, "in_progress", string.Empty);
            });
            var size = Math.Max(1, (args.Length + deltasPerCall - 1) / deltasPerCall);
            for (var start = 0; start < args.Length; start += size)
            {
                var piece = args.Substring(start, Math.Min(size, args.Length - start));
                sse.Event("response.function_call_arguments.delta", w =>
                {
                    w.WriteNumber("sequence_number", sse.Sequence);
                    w.WriteString("item_id", FunctionItemId(index));
                    w.WriteNumber("output_index", index);
                    w.WriteString("delta", piece);
                    w.WriteString("obfuscation", "Qm3x");
                });
            }

            sse.Event("response.function_call_arguments.done", w =>
            {
                w.WriteNumber("sequence_number", sse.Sequence);
                w.WriteString("item_id", FunctionItemId(index));
                w.WriteNumber("output_index", index);
                w.WriteString("arguments", args);
            });
            sse.Event("response.output_item.done", w =>
            {
                w.WriteNumber("sequence_number", sse.Sequence);
                w.WriteNumber("output_index", index);
                w.WritePropertyName("item");
                WriteFunctionCallItem(w, index, "completed", args);
            });
        }

        sse.Event("response.completed", w =>
        {
            w.WriteNumber("sequence_number", sse.Sequence);
            WriteResponse(w, "completed", o =>
            {
                for (var i = 0; i < calls; i++)
                    WriteFunctionCallItem(o, i, "completed", arguments[i]);
            }, withUsage: true);
        });
        return sse.ToArray();
    }

    /// <summary>A chat-completions chunk stream (the shape DigitalOcean's spec documents): <c>choices[].delta</c>, usage, <c>[DONE]</c>.</summary>
    public static byte[] ChatTextStream(int deltas)
    {
        var sse = new SseWriter(withEventLines: false);
        sse.Chunk(w => WriteChoice(w, d => { d.WriteString("role", "assistant"); d.WriteString("content", string.Empty); }, null));
        for (var i = 0; i < deltas; i++)
        {
            var delta = Delta(i);
            sse.Chunk(w => WriteChoice(w, d => d.WriteString("content", delta), null));
        }

        sse.Chunk(w => WriteChoice(w, _ => { }, "stop"));
        sse.Chunk(w =>
        {
            w.WriteStartArray("choices");
            w.WriteEndArray();
            w.WriteStartObject("usage");
            w.WriteNumber("prompt_tokens", 17);
            w.WriteNumber("completion_tokens", deltas);
            w.WriteNumber("total_tokens", deltas + 17);
            w.WriteEndObject();
        });
        sse.Raw("[DONE]");
        return sse.ToArray();
    }

    /// <summary>A non-streaming response body: one message of about <paramref name="textBytes"/> bytes of text, then <paramref name="toolCalls"/> function calls.</summary>
    public static byte[] LargeResponse(int textBytes, int toolCalls)
    {
        var text = new StringBuilder(textBytes + 16);
        for (var i = 0; text.Length < textBytes; i++)
            text.Append(Delta(i));
        var full = text.ToString();

        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            WriteResponseFields(w, "completed", o =>
            {
                WriteMessageItem(o, "completed", full);
                for (var i = 0; i < toolCalls; i++)
                    WriteFunctionCallItem(o, i + 1, "completed", $$"""{"city":"City {{i}}","unit":"celsius","days":{{i % 7 + 1}},"include":["wind","rain","uv"]}""");
            }, withUsage: true);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteChoice(Utf8JsonWriter w, Action<Utf8JsonWriter> delta, string? finishReason)
    {
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("delta");
        delta(w);
        w.WriteEndObject();
        w.WriteNull("logprobs");
        if (finishReason is null)
            w.WriteNull("finish_reason");
        else
            w.WriteString("finish_reason", finishReason);
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void WriteTextAddress(Utf8JsonWriter w, int sequence)
    {
        w.WriteNumber("sequence_number", sequence);
        w.WriteString("item_id", MessageId);
        w.WriteNumber("output_index", 0);
        w.WriteNumber("content_index", 0);
    }

    private static void WriteResponse(Utf8JsonWriter w, string status, Action<Utf8JsonWriter>? output, bool withUsage)
    {
        w.WriteStartObject("response");
        WriteResponseFields(w, status, output, withUsage);
        w.WriteEndObject();
    }

    private static void WriteResponseFields(Utf8JsonWriter w, string status, Action<Utf8JsonWriter>? output, bool withUsage)
    {
        w.WriteString("id", ResponseId);
        w.WriteString("object", "response");
        w.WriteNumber("created_at", 1758064436);
        w.WriteString("status", status);
        w.WriteBoolean("background", false);
        w.WriteNull("error");
        w.WriteNull("incomplete_details");
        w.WriteNull("instructions");
        w.WriteNull("max_output_tokens");
        w.WriteString("model", Model);
        w.WriteStartArray("output");
        output?.Invoke(w);
        w.WriteEndArray();
        w.WriteBoolean("parallel_tool_calls", true);
        w.WriteNull("previous_response_id");
        w.WriteStartObject("reasoning");
        w.WriteNull("effort");
        w.WriteNull("summary");
        w.WriteEndObject();
        w.WriteString("service_tier", "default");
        w.WriteBoolean("store", true);
        w.WriteNumber("temperature", 1.0);
        w.WriteStartObject("text");
        w.WriteStartObject("format");
        w.WriteString("type", "text");
        w.WriteEndObject();
        w.WriteString("verbosity", "medium");
        w.WriteEndObject();
        w.WriteString("tool_choice", "auto");
        w.WriteStartArray("tools");
        w.WriteEndArray();
        w.WriteNumber("top_p", 1.0);
        w.WriteString("truncation", "disabled");
        if (withUsage)
        {
            w.WriteStartObject("usage");
            w.WriteNumber("input_tokens", 17);
            w.WriteStartObject("input_tokens_details");
            w.WriteNumber("cached_tokens", 0);
            w.WriteEndObject();
            w.WriteNumber("output_tokens", 1234);
            w.WriteStartObject("output_tokens_details");
            w.WriteNumber("reasoning_tokens", 0);
            w.WriteEndObject();
            w.WriteNumber("total_tokens", 1251);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("usage");
        }

        w.WriteNull("user");
        w.WriteStartObject("metadata");
        w.WriteEndObject();
    }

    private static void WriteMessageItem(Utf8JsonWriter w, string status, string? text)
    {
        w.WriteStartObject();
        w.WriteString("id", MessageId);
        w.WriteString("type", "message");
        w.WriteString("status", status);
        w.WriteStartArray("content");
        if (text is not null)
            WriteTextPart(w, text);
        w.WriteEndArray();
        w.WriteString("role", "assistant");
        w.WriteEndObject();
    }

    private static void WriteTextPart(Utf8JsonWriter w, string text)
    {
        w.WriteStartObject();
        w.WriteString("type", "output_text");
        w.WriteStartArray("annotations");
        w.WriteEndArray();
        w.WriteStartArray("logprobs");
        w.WriteEndArray();
        w.WriteString("text", text);
        w.WriteEndObject();
    }

    private static string FunctionItemId(int index) => $"fc_0000synthetic{index:D4}";

    private static void WriteFunctionCallItem(Utf8JsonWriter w, int index, string status, string arguments)
    {
        w.WriteStartObject();
        w.WriteString("id", FunctionItemId(index));
        w.WriteString("type", "function_call");
        w.WriteString("status", status);
        w.WriteString("arguments", arguments);
        w.WriteString("call_id", $"call_synthetic{index:D4}");
        w.WriteString("name", index % 2 == 0 ? "add" : "multiply");
        w.WriteEndObject();
    }

    // Writes SSE frames: an optional "event:" line, one "data:" line of compact JSON, a blank line.
    private sealed class SseWriter(bool withEventLines = true)
    {
        private readonly ArrayBufferWriter<byte> _buffer = new();
        private readonly ArrayBufferWriter<byte> _json = new();

        public int Sequence { get; private set; }

        public void Event(string type, Action<Utf8JsonWriter> fields)
        {
            if (withEventLines)
                Write($"event: {type}\n");
            WriteData(w =>
            {
                w.WriteString("type", type);
                fields(w);
            });
            Sequence++;
        }

        public void Chunk(Action<Utf8JsonWriter> fields) => WriteData(w =>
        {
            w.WriteString("id", "chatcmpl-synthetic0000000000000000");
            w.WriteString("object", "chat.completion.chunk");
            w.WriteNumber("created", 1727346168);
            w.WriteString("model", "gpt-4o-2024-08-06");
            w.WriteString("system_fingerprint", "fp_5050236cbd");
            fields(w);
        });

        public void Raw(string data) => Write($"data: {data}\n\n");

        public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

        private void WriteData(Action<Utf8JsonWriter> fields)
        {
            _json.ResetWrittenCount();
            using (var w = new Utf8JsonWriter(_json))
            {
                w.WriteStartObject();
                fields(w);
                w.WriteEndObject();
            }

            Write("data: ");
            _buffer.Write(_json.WrittenSpan);
            Write("\n\n");
        }

        private void Write(string text)
        {
            var span = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
            _buffer.Advance(Encoding.UTF8.GetBytes(text, span));
        }
    }
}
