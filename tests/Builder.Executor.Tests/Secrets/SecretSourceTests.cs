using Xunit;
using Builder.Executor.Secrets;

namespace Builder.Executor.Tests.Secrets;

public sealed class SecretSourceTests
{
    [Theory]
    [InlineData("id=npm,src=/run/npmrc", "npm", "/run/npmrc", null)]
    [InlineData("id=npm,source=/run/npmrc", "npm", "/run/npmrc", null)]
    [InlineData("id=tok,env=GITHUB_TOKEN", "tok", null, "GITHUB_TOKEN")]
    [InlineData("src=/run/npmrc", "npmrc", "/run/npmrc", null)]
    [InlineData("type=env,id=tok,src=GITHUB_TOKEN", "tok", null, "GITHUB_TOKEN")]
    [InlineData("id=BUILDER_TEST_UNSET_SECRET_FILE", "BUILDER_TEST_UNSET_SECRET_FILE", "BUILDER_TEST_UNSET_SECRET_FILE", null)]
    public void Docker_forms_parse(string text, string id, string? file, string? env)
    {
        Assert.True(SecretSource.TryParse(text, out var secret, out var error), error);

        Assert.Equal(id, secret.Id);
        Assert.Equal(file is null ? null : Path.GetFullPath(file), secret.FilePath);
        Assert.Equal(env, secret.EnvironmentVariable);
    }

    [Theory]
    [InlineData("id=a,color=red", "unknown key \"color\"")]
    [InlineData("id=a,type=ssh", "type=ssh is not file or env")]
    [InlineData("justtext", "is not KEY=VALUE")]
    [InlineData("type=file", "name the secret with id=ID")]
    public void Mistakes_say_what_to_write(string text, string message)
    {
        Assert.False(SecretSource.TryParse(text, out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_value_is_read_from_the_variable_or_file_and_never_shown()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "s3cr3t");
            Assert.True(SecretSource.TryParse("id=f,src=" + file, out var secret, out _));

            Assert.Equal("s3cr3t"u8.ToArray(), secret.Read());
            Assert.DoesNotContain("s3cr3t", secret.ToString(), StringComparison.Ordinal);
            Assert.Null(new SecretSource("gone", "/nonexistent/secret", null).Read());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
