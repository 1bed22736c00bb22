using Microsoft.Extensions.Options;

namespace Elsa.Responses.Client;

// Checked at start-up (ValidateOnStart) so a bad connection fails the host, not the first workflow run.
internal sealed class ResponsesClientOptionsValidator : IValidateOptions<ResponsesClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ResponsesClientOptions options)
    {
        var failures = new List<string>();
        var prefix = $"Responses connection '{name}':";
        if (options.BaseUrl is null)
            failures.Add($"{prefix} BaseUrl is required (for DigitalOcean: https://inference.do-ai.run)");
        else if (options.BaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            failures.Add($"{prefix} BaseUrl must be an absolute http or https URL");
        else if (url.Scheme == Uri.UriSchemeHttp && !url.IsLoopback && !string.IsNullOrEmpty(options.ApiKey) && !options.AllowInsecureHttp)
            failures.Add($"{prefix} BaseUrl sends the API key over plain http to {url.Host}; use https, or set AllowInsecureHttp");
        if (options.AttemptTimeout <= TimeSpan.Zero)
            failures.Add($"{prefix} AttemptTimeout must be positive");
        if (options.TotalTimeout < options.AttemptTimeout)
            failures.Add($"{prefix} TotalTimeout must be at least AttemptTimeout");
        if (options.MaxRetryAttempts is < 0 or > 10)
            failures.Add($"{prefix} MaxRetryAttempts must be between 0 and 10");
        if (options.RetryBaseDelay < TimeSpan.Zero || options.MaxRetryDelay < options.RetryBaseDelay)
            failures.Add($"{prefix} RetryBaseDelay must be between 0 and MaxRetryDelay");
        if (options.RetryStatusCodes?.Any(code => code is < 100 or > 599) == true)
            failures.Add($"{prefix} RetryStatusCodes must be HTTP statuses from 100 to 599");
        if (options.MaxEventBytes < 1024)
            failures.Add($"{prefix} MaxEventBytes must be at least 1024");
        if (options.MaxConcurrentRequests is < 1)
            failures.Add($"{prefix} MaxConcurrentRequests must be 1 or more");
        if (options.QueueLimit < 0)
            failures.Add($"{prefix} QueueLimit must be 0 or more");
        if (string.IsNullOrWhiteSpace(options.ProviderName))
            failures.Add($"{prefix} ProviderName must not be empty");
        if (options.MaxTokensPerWorkflowInstance is < 1)
            failures.Add($"{prefix} MaxTokensPerWorkflowInstance must be 1 or more");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
