using Elsa.Responses.Cli.Tests.TestSupport;

namespace Elsa.Responses.Cli.Tests;

public sealed class ApiKeyTests : IDisposable
{
    private readonly FakeServer _server = new();

    [Fact]
    public async Task TestRequest_KeyInEnvironment_IsSentAsBearer()
    {
        _server.RespondJson("completed.json");

        var run = await CliProcess.RunAsync("test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "Hi");

        Assert.True(run.ExitCode == 0, run.ToString());
        var request = Assert.Single(_server.Requests).RequestMessage!;
        Assert.Equal($"Bearer {CliProcess.ApiKey}", request.Headers!["Authorization"].ToString());
        Assert.DoesNotContain(CliProcess.ApiKey, run.Stdout + run.Stderr);
    }

    [Fact]
    public async Task TestRequest_NoKeyInEnvironment_SendsNoAuthorization()
    {
        _server.RespondJson("completed.json");

        var run = await CliProcess.RunAsync(new Dictionary<string, string?> { ["ELSA_RESPONSES_API_KEY"] = null },
            "test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "Hi");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.False(Assert.Single(_server.Requests).RequestMessage!.Headers!.ContainsKey("Authorization"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TestRequest_ServerEchoesTheKeyInAnError_KeyIsNeverPrinted(bool json)
    {
        _server.RespondJson("error-401.json", status: 401);
        string[] args = ["test-request", "--base-url", _server.BaseUrl, "--model", "m", "--input", "Hi", .. json ? new[] { "--json" } : []];

        var run = await CliProcess.RunAsync(args);

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Contains("Incorrect API key provided", json ? run.Stdout : run.Stderr);
        Assert.DoesNotContain(CliProcess.ApiKey, run.Stdout + run.Stderr);
    }

    [Fact]
    public async Task TestRequest_ConnectionFileWithApiKey_Exits2WithoutPrintingItEvenWhenBaseUrlIsGiven()
    {
        var file = Fixtures.Write($$"""{ "baseUrl": "{{_server.BaseUrl}}", "apiKey": "sk-in-a-file-1234" }""");

        var run = await CliProcess.RunAsync("test-request", "--connection-file", file, "--base-url", _server.BaseUrl, "--model", "m", "--input", "Hi");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("put the key in ELSA_RESPONSES_API_KEY", run.Stderr);
        Assert.DoesNotContain("sk-in-a-file-1234", run.Stdout + run.Stderr);
        Assert.Empty(_server.Requests);
    }

    public void Dispose() => _server.Dispose();
}
