using Elsa.Responses.Cli.Connections;
using Elsa.Responses.Client.Errors;

namespace Elsa.Responses.Cli.Running;

// An exception that is not one of the client's own (a bug, a disk error, …) reported as the client reports one:
// unexpected_error, its message only, with the key masked, never its stack trace.
internal static class UnexpectedFailure
{
    public static ResponsesApiException From(Exception exception, Func<string, string?> environment) =>
        exception as ResponsesApiException
        ?? new SecretRedactor(environment(EnvironmentVariables.ApiKey)).Redact(ErrorFactory.Unexpected(exception));
}
