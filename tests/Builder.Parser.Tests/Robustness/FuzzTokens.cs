namespace Builder.Parser.Tests.Robustness;

/// <summary>
/// The dictionary of the mutator: fragments that steer a Dockerfile parser into its corners
/// (escapes and continuations, heredocs, JSON arrays, flags, expansions, directives, odd
/// characters and encodings), and whole instruction lines that reach the typed layer.
/// </summary>
internal static class FuzzTokens
{
    /// <summary>Fragments inserted anywhere.</summary>
    public static readonly string[] Fragments =
    [
        "\\", "`", "\\\n", "`\n", "\\ \n", "\\\r\n", "\r\n", "\r", "\n", "\n\n", " ", "\t", "\"", "'", "=", ",",
        "<<", "<<EOF", "<<-'X'", "<<\"EOF\"", "<< EOF", "<<-EOT", "0<<EOF", "99999999999<<EOF", "<<EOF <<EOF",
        "EOF\n", "\tEOF\n", "X\n", "EOT",
        "[", "]", "[\"", "\"]", "[\"a\", \"b\"]", "[\"a\", 1]", "[]", "\\u", "\\ud800", "\\\"", "\\n", "{\"a\":[",
        "--", "--mount=", "--mount=type=cache,target=/x", "--mount=type=secret,id=s", "--mount=\"type=bind,\"\"src=x\"",
        "--platform=", "--from=", "--chown=", "--chmod=", "--chmod=u+x", "--link", "--link=maybe", "--parents",
        "--exclude=", "--checksum=", "--keep-git-dir", "--unpack=", "--network=", "--security=",
        "--interval=", "--timeout=", "--start-period=", "--retries=", "--retries=-1",
        "99999999999999999999999999999", "1.5h", "-1s", "0", "1ns", ".5s", "1e9s", "9223372036854775807",
        " AS ", " as ", "ONBUILD ", "HEALTHCHECK ", "CMD ", "NONE", "FROM ", "RUN ", "COPY ", "ENV ", "ARG ",
        "${", "$((", "$", "$a", "${a}", "${a:-", "${a:+x}", "${a?}", "${a/", "${a//b/c}", "${a#*}", "${a%%?}",
        "${#a}", "${:", "${}", "}", "\\$", "$'", "[[:alpha:]]", "*", "?",
        "#", "# ", "# escape=`", "# escape=\\", "# escape=x", "# syntax=", "# syntax=docker/dockerfile:1",
        "# check=skip=all", "#escape=`\n", "// syntax=x\n", "#!/bin/sh\n",
        "\uFEFF", "\0", "\u00A0", "\u2028", "\u0085", "\u00B5s", "\U0001F600", "\uFFFD", "\u0301", "\u3000",
    ];

    /// <summary>Bytes that are not valid UTF-8 (lone continuation, overlong, surrogate, too large, cut short).</summary>
    public static readonly byte[][] InvalidUtf8 =
    [
        [0x80], [0xBF], [0xFF], [0xFE], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80],
        [0xED, 0xB2, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x98],
        [0xC3], [0xEF, 0xBB],
    ];

    /// <summary>Single bytes worth overwriting with.</summary>
    public static readonly byte[] InterestingBytes =
    [
        0x00, 0x09, 0x0A, 0x0D, 0x20, (byte)'"', (byte)'\'', (byte)'\\', (byte)'`', (byte)'$', (byte)'{', (byte)'}',
        (byte)'[', (byte)']', (byte)'=', (byte)'#', (byte)'<', (byte)'-', (byte)',', (byte)':', 0x7F, 0x80, 0xC3, 0xFF,
    ];

    /// <summary>Whole lines, inserted at a line start: every keyword, flag family and argument form.</summary>
    public static readonly string[] Lines =
    [
        "FROM alpine AS build\n", "FROM --platform=$BUILDPLATFORM a:1 as b-1\n", "FROM a AS\n", "FROM a b c d\n",
        "RUN --mount=type=cache,target=/root/.cache,sharing=locked,id=x echo\n",
        "RUN --mount=type=bind,from=b,source=/s,target=/t,rw --network=none --security=insecure make\n",
        "RUN --mount=type=tmpfs,target=/t,size=1g --mount=type=ssh,required=true,mode=0600,uid=1,gid=2 x\n",
        "RUN <<EOF\necho hi\nEOF\n", "RUN <<-EOT bash\n\techo\n\tEOT\n", "RUN 3<<A cat <&3\nbody\nA\n",
        "RUN [\"/bin/sh\", \"-c\", \"echo \\u00e9\"]\n", "RUN \\\n\n  # c\n  echo\n",
        "COPY --from=build --chown=1:1 --chmod=755 --link --parents a b /c/\n", "COPY <<EOF /dst\nx\nEOF\n",
        "COPY --exclude=*.md --exclude=x [\"a b\", \"/c\"]\n", "COPY <<A <<B /d/\na\nA\nb\nB\n", "COPY onlyone\n",
        "ADD --checksum=sha256:abc --keep-git-dir=true --unpack=false https://x/y.git /y\n",
        "ENV a=b c=\"d e\" f='g' h=\\ i\n", "ENV a b c\n", "ENV =x\n", "ENV a\n",
        "LABEL \"k\"=\"v\" k2=v2\n", "LABEL k\n", "ARG A=1 B \"C=2 3\"\n", "ARG =x\n", "EXPOSE 80/tcp 443 \n",
        "VOLUME [\"/a\", \"/b\"]\n", "VOLUME \"\" \n", "USER 1000:1000\n", "WORKDIR /app\n", "STOPSIGNAL SIGTERM\n",
        "HEALTHCHECK --interval=30s --timeout=1ms --start-period=1h --start-interval=5s --retries=3 CMD [\"curl\"]\n",
        "HEALTHCHECK --interval=0.5ns CMD x\n", "HEALTHCHECK NONE\n", "HEALTHCHECK NONE x\n", "HEALTHCHECK FOO\n",
        "HEALTHCHECK CMD\n", "ONBUILD RUN echo\n", "ONBUILD ONBUILD RUN x\n", "ONBUILD COPY <<A /a\nx\nA\n",
        "ONBUILD\n", "SHELL [\"/bin/sh\", \"-c\"]\n", "SHELL sh -c\n", "CMD [\"a\", 1]\n", "ENTRYPOINT [\"a\"\n",
        "CMD [\"a\",\n \"b\"]\n", "MAINTAINER me\n", "# comment\n", "\\\n", "FOO bar\n", "RUNN x\n",
        "onbuild copy <<A <<B a\nA\nB\n", "\t  \n", "# escape=`\nRUN a `\n b\n",
    ];

    /// <summary>File starts: byte-order mark, directives, a shebang.</summary>
    public static readonly string[] Prefixes =
    [
        "\uFEFF", "# escape=`\n", "# escape=\\\n", "# syntax=docker/dockerfile:1\n", "# check=skip=all;error=true\n",
        "#escape=`\n# escape=\\\n", "\uFEFF# escape=`\n", "# directive=x\n", "\n# escape=`\n", "#!/bin/sh\n# syntax=a\n",
    ];

    /// <summary>Units repeated to make very long lines.</summary>
    public static readonly string[] LongLineUnits =
    [
        "a", "a ", "x=y ", "${a}", "\"x\",", "\\ ", "'", "--f=x ", "<<E ", "$", "\\\\", "=", "\t", "é", "\U0001F600",
        "${a//b/c} ", "<<E${a//b/c} ", " \\\n a", "\\\n", "\\\n#c\n", "x\n", "<<E <<F\nE\nF\n", "\"a b\" ",
    ];

    /// <summary>Openers (and their closers) nested many levels deep.</summary>
    public static readonly (string Open, string Close)[] Nesting =
    [
        ("[", "]"), ("[\"a\",", "]"), ("{\"a\":", "}"), ("${a:-", "}"), ("${a/", "/b}"), ("${a#", "}"), ("$((", "))"),
        ("\"", "\""), ("'", "'"), ("${", "}"), ("((", "))"), ("<<", ""), ("\\", ""), ("--", ""), ("ONBUILD ", ""), ("onbuild ", "RUN x"),
    ];
}
