using System.Security.Cryptography;

namespace Elsa.Responses.Server.Security;

/// <summary>The key that the API and the Studio page require: <c>Server:ApiKey</c>, or a random one made at start-up.</summary>
public sealed record ServerApiKey(string Value, bool Generated)
{
    /// <summary>The configuration key.</summary>
    public const string ConfigurationKey = "Server:ApiKey";

    /// <summary>Reads the configured key, or makes a random one (printed once at start-up, never stored).</summary>
    public static ServerApiKey Resolve(IConfiguration configuration)
    {
        var configured = configuration[ConfigurationKey];
        if (!string.IsNullOrWhiteSpace(configured))
            return new ServerApiKey(configured.Trim(), false);

        var bytes = RandomNumberGenerator.GetBytes(24);
        return new ServerApiKey("ers_" + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_'), true);
    }
}
