/**
 * Prints, after Jest's summary, one line for each test tier that could not run on this machine
 * (a test titled "… did not run: <why>" and left pending), so a missing KurrentDB or Docker engine
 * is said in the summary rather than hidden among passes.
 */
class NotRunReporter {
  constructor() {
    this.lines = new Set();
  }

  onTestResult(_test, result) {
    for (const a of result.testResults) {
      if (a.status === 'pending' && / did not run: /.test(a.title)) this.lines.add(a.title);
    }
  }

  onRunComplete() {
    for (const line of this.lines) process.stderr.write(`Not run here: ${line}\n`);
  }
}

module.exports = NotRunReporter;
