using Elsa.Responses.Cli.Connections;
using Elsa.Responses.Client.Errors;
using Elsa.Responses.Client.Results;

namespace Elsa.Responses.Cli.Running;

// An exception that is not one of the client's own (a bug, a disk error, …) reported as a failure: its message only,
// with the key masked, never its stack trace.
internal static class UnexpectedFailure
{
    public static ResponsesApiException From(Exception exception, Func<string, string?> environment)
    {
        if (exception is ResponsesApiException api)
            return api;
        var redactor = new SecretRedactor(environment(EnvironmentVariables.ApiKey));
        var message = redactor.Redact($"{exception.GetType().Name}: {exception.Message}");
        return new ResponsesApiException(message, new ResponseError(ErrorTypes.Unexpected, null, message));
    }
}
