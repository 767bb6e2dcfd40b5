using ResumePair.Testing;
using Xunit;

namespace ResumePair.ServiceDefaults.Tests;

[CollectionDefinition("infrastructure")]
public sealed class InfrastructureCollection : ICollectionFixture<InfrastructureFixture>;
