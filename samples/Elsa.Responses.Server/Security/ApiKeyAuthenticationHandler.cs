using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Elsa.Responses.Server.Security;

/// <summary>Options of the <c>ApiKey</c> scheme: the one key this server accepts.</summary>
public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>The server's API key.</summary>
    public string ApiKey { get; set; } = string.Empty;
}

/// <summary>
/// Accepts <c>Authorization: ApiKey &lt;key&gt;</c> (what Elsa Studio sends when its elements carry <c>api-key</c>) and
/// <c>Authorization: Bearer &lt;key&gt;</c> (what OpenAI SDKs send to an OpenAI-compatible endpoint, such as the sample
/// workflow at <c>/workflows/v1/responses</c>), and grants Elsa's <c>permissions: *</c>. A key-only server needs no user
/// store, so Elsa.Identity is not used.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    /// <summary>The scheme name, which is also the <c>Authorization</c> header's scheme.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The <c>Authorization</c> schemes that may carry the key.</summary>
    public static readonly IReadOnlyList<string> AcceptedSchemes = [SchemeName, "Bearer"];

    /// <summary>The claim Elsa's API endpoints check.</summary>
    public const string PermissionsClaimType = "permissions";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        var scheme = AcceptedSchemes.FirstOrDefault(s => header.StartsWith(s + " ", StringComparison.OrdinalIgnoreCase));
        if (scheme is null)
            return Task.FromResult(AuthenticateResult.NoResult());

        var presented = header[(scheme.Length + 1)..].Trim();
        if (!KeysMatch(presented, Options.ApiKey))
            return Task.FromResult(AuthenticateResult.Fail("Invalid API key."));

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, "api-key"),
            new Claim(ClaimTypes.NameIdentifier, "api-key"),
            new Claim(PermissionsClaimType, "*"),
        ], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = string.Join(", ", AcceptedSchemes);
        return Task.CompletedTask;
    }

    // Constant-time comparison of the hashes, so neither the content nor the length of the key leaks through timing.
    private static bool KeysMatch(string presented, string expected) =>
        !string.IsNullOrEmpty(expected) &&
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
