// Every run's result or none, for cells that draw a figure over several runs: such a figure must not
// silently lose some of them. A failed run's error is thrown with its label; runs that were stopped (also
// those stopped while they waited for a worker) are counted, and `again` says how to start them again.
export async function everyResult(runs, again = 'press Run to run them again') {
  const settled = await Promise.allSettled(runs.map((run) => run.result));
  const failed = runs.find((run) => run.state === 'failed');
  if (failed) throw new Error(`${failed.label}: ${failed.error.message}`);
  const unfinished = settled.filter((s) => s.status === 'rejected' || s.value.stopped).length;
  if (unfinished) throw new Error(`${unfinished} of ${runs.length} runs were stopped before the end; ${again}`);
  return settled.map((s) => s.value);
}
