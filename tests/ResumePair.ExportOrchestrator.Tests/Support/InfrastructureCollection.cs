using ResumePair.Testing;
using Xunit;

namespace ResumePair.ExportOrchestrator.Tests.Support;

/// <summary>One PostgreSQL + RabbitMQ pair for the project's tests, which run one after another.</summary>
[CollectionDefinition("infrastructure")]
public sealed class InfrastructureCollection : ICollectionFixture<InfrastructureFixture>;
