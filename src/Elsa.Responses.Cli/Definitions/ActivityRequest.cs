using Elsa.Responses.Client.Requests;

namespace Elsa.Responses.Cli.Definitions;

// What a Create Response activity's literal inputs come to.
internal sealed record ActivityRequest(
    string ActivityId,
    ResponseRequest Request,
    string? ConnectionName,
    IReadOnlyList<ExpressionInput> Expressions,
    IReadOnlyList<string> Errors);

// An input set by an expression (JavaScript, Liquid, a variable, …): only an Elsa server can evaluate it.
internal sealed record ExpressionInput(string InputName, string Flag, string ExpressionType);
