using System.Buffers;
using System.Text;
using System.Text.Json;
using Elsa.Extensions;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Models;
using Elsa.Workflows;

namespace Elsa.Responses.Activities;

// Sets every output the result allows, on success and on failure alike (partial text and tool calls included).
internal static class ActivityOutputWriter
{
    public static void Write(CreateResponse activity, ActivityExecutionContext context, ResponseRequest? request, ResponseResult result, ResponseFailure? failure)
    {
        context.Set(activity.Text, result.Text);
        context.Set(activity.Reasoning, result.Reasoning);
        context.Set(activity.ToolCalls, result.ToolCalls.ToList());
        context.Set(activity.Usage, result.Usage);
        context.Set(activity.Status, result.Status.Value);
        context.Set(activity.ResponseId, result.Id);
        context.Set(activity.Response, result.Raw?.GetRawText());
        context.Set(activity.Conversation, request?.Input is null ? null : Conversation(request.Input, result));
        context.Set(activity.Error, failure);
    }

    // The input items, then the output items: what the next call needs, plus function_call_output items.
    internal static string Conversation(ResponseInput input, ResponseResult result)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            if (input.Text is not null)
            {
                writer.WriteStartObject();
                writer.WriteString("role", "user");
                writer.WriteString("content", input.Text);
                writer.WriteEndObject();
            }
            else
            {
                foreach (var item in input.Items!)
                    item.Json.WriteTo(writer);
            }

            foreach (var item in result.OutputItems)
                item.WriteTo(writer);
            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
