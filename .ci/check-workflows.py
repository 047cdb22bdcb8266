#!/usr/bin/env python3
"""The shape of .github/workflows/*.yml, beyond what yamllint sees: the keys GitHub Actions
knows at the top, in a job and in a step, and what each must have. Not the whole schema
(actionlint is not in Debian): the mistakes a typo makes, which GitHub would only report
once the workflow runs. python3-yaml comes with yamllint."""

import pathlib
import sys

import yaml

TOP = {"name", "run-name", "on", "permissions", "env", "defaults", "concurrency", "jobs"}
JOB = {"name", "needs", "runs-on", "container", "services", "steps", "env", "defaults", "if",
       "timeout-minutes", "strategy", "continue-on-error", "permissions", "outputs",
       "environment", "concurrency", "uses", "with", "secrets"}
STEP = {"id", "name", "uses", "run", "with", "env", "if", "shell", "working-directory",
        "continue-on-error", "timeout-minutes"}
SHELLS = {"bash", "sh", "pwsh", "powershell", "cmd", "python"}


def check(path):
    problems = []
    # yaml reads GitHub's `on:` as the boolean True: take it back as the key it is.
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(workflow, dict):
        return [f"{path}: not a mapping"]
    if True in workflow:
        workflow["on"] = workflow.pop(True)
    problems += [f"{path}: unknown top-level key {key!r}" for key in workflow if key not in TOP]
    for key in ("on", "jobs"):
        if key not in workflow:
            problems.append(f"{path}: no {key!r}")
    for job_id, job in (workflow.get("jobs") or {}).items():
        where = f"{path}: job {job_id}"
        if not isinstance(job, dict):
            problems.append(f"{where}: not a mapping")
            continue
        problems += [f"{where}: unknown key {key!r}" for key in job if key not in JOB]
        if "uses" not in job and ("runs-on" not in job or not job.get("steps")):
            problems.append(f"{where}: needs runs-on and steps")
        for number, step in enumerate(job.get("steps") or [], 1):
            name = f"{where}, step {number} ({step.get('name', step.get('uses', '?'))})"
            problems += [f"{name}: unknown key {key!r}" for key in step if key not in STEP]
            if ("uses" in step) == ("run" in step):
                problems.append(f"{name}: needs exactly one of uses and run")
            if "uses" in step and "@" not in step["uses"] and not step["uses"].startswith("./"):
                problems.append(f"{name}: {step['uses']!r} names no version (@v…)")
            if "shell" in step and step["shell"] not in SHELLS:
                problems.append(f"{name}: unknown shell {step['shell']!r}")
            if "with" in step and "uses" not in step:
                problems.append(f"{name}: 'with' without 'uses'")
    return problems


def main():
    paths = sorted(pathlib.Path(".github/workflows").glob("*.yml"))
    if not paths:
        print("no workflows in .github/workflows", file=sys.stderr)
        return 1
    problems = [problem for path in paths for problem in check(path)]
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"workflows look right: {', '.join(str(path) for path in paths)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
