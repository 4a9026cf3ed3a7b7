/** Exit codes of every `harden` command (documented in `--help`). */
export const EXIT = Object.freeze({
  /** Nothing to report. */
  ok: 0,
  /** Findings (or mandatory violations) were reported. */
  findings: 1,
  /** Bad usage or bad input (unreadable file, invalid YAML, unknown option). */
  usage: 2,
});

/** Text for the end of every `--help`. */
export const EXIT_CODES_HELP = `
Exit codes:
  0  success: nothing to report
  1  findings: at least one rule failed (or a mandatory policy was violated); for check, a finding that is
     not exempted and is at or above --fail-on (default low: any finding)
  2  usage or input error: unknown command or option, unreadable or invalid input, a file over
     --max-file-size
  Files that are skipped (--exclude, not Kubernetes such as Chart.yaml or package.json, Helm templates)
  are warnings on stderr and do not change the exit code.`;
