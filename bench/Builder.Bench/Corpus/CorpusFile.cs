namespace Builder.Bench.Corpus;

/// <summary>One Dockerfile of the corpus: a name for messages and its UTF-8 bytes.</summary>
internal sealed record CorpusFile(string Name, byte[] Bytes);
