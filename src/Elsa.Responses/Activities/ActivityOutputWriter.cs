using System.Buffers;
using System.Text;
using System.Text.Json;
using Elsa.Extensions;
using Elsa.Responses.Client.Requests;
using Elsa.Responses.Client.Results;
using Elsa.Responses.Models;
using Elsa.Workflows;

namespace Elsa.Responses.Activities;

// Sets every output of an answer that the result allows, on success and on failure alike (partial text and tool calls
// included). Run Agent sets the same outputs from its last answer and its summed usage.
internal static class ActivityOutputWriter
{
    public static void Write(ResponseActivity activity, ActivityExecutionContext context, ResponseRequest? request, ResponseResult result, ResponseFailure? failure)
    {
        // Name each output explicitly: Set's [CallerArgumentExpression] would record "activity.Text", and Elsa finds outputs by
        // their descriptor names ("Text") for the journal, the Test tab and JavaScript's getTextFrom…() accessors.
        context.Set(activity.Text, result.Text, nameof(ResponseActivity.Text));
        context.Set(activity.Reasoning, result.Reasoning, nameof(ResponseActivity.Reasoning));
        context.Set(activity.Refusal, result.Refusal, nameof(ResponseActivity.Refusal));
        context.Set(activity.ToolCalls, result.ToolCalls.ToList(), nameof(ResponseActivity.ToolCalls));
        context.Set(activity.Usage, result.Usage, nameof(ResponseActivity.Usage));
        context.Set(activity.Status, result.Status.Value, nameof(ResponseActivity.Status));
        context.Set(activity.ResponseId, result.Id, nameof(ResponseActivity.ResponseId));
        context.Set(activity.Conversation, request?.Input is null ? null : Conversation(request.Input, result), nameof(ResponseActivity.Conversation));
        context.Set(activity.Json, JsonOutputValue.From(result.Json), nameof(ResponseActivity.Json));
        context.Set(activity.Error, failure, nameof(ResponseActivity.Error));
    }

    // The input items, then the output items: what the next call needs, plus function_call_output items.
    internal static string Conversation(ResponseInput input, ResponseResult result)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var item in input.ToItems())
                item.Json.WriteTo(writer);

            foreach (var item in result.OutputItems)
                item.WriteTo(writer);
            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
