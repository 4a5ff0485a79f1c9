// Each test here starts a notebook runner or Jupyter process (a course notebook runs for minutes). Run them one at a time:
// on a 2-core machine, several at once only make each slower and push cells towards their time limit.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
