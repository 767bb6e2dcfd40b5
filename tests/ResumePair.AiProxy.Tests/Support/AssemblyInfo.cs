// One PostgreSQL for the project and time-sensitive checks (circuit, timeouts); on a 2-core machine they run one at a
// time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
