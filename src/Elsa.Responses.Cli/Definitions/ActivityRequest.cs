using Elsa.Responses.Client.Requests;

namespace Elsa.Responses.Cli.Definitions;

// What a Create Response activity's literal inputs come to.
internal sealed record ActivityRequest(
    string ActivityId,
    ResponseRequest Request,
    int RepairAttempts,
    string? ConnectionName,
    IReadOnlyList<ExpressionInput> Expressions,
    IReadOnlyList<string> Errors);

// An input set by an expression (JavaScript, Liquid, a variable, …): only an Elsa server can evaluate it. Flag is the
// one that can stand in for it, if there is one.
internal sealed record ExpressionInput(string InputName, string? Flag, string ExpressionType);
