using ResumePair.Testing;

namespace ResumePair.AiProxy.Tests.Support;

[CollectionDefinition("infrastructure")]
public sealed class InfrastructureCollection : ICollectionFixture<InfrastructureFixture>;
