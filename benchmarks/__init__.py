"""Side-by-side benchmarks: every figure is printed next to a baseline measured in the same run.

Run them all with ``python -m benchmarks [--scale tiny|small|full] [--only NAME ...]``.

The contract of a benchmark module ``benchmarks/<name>.py``:

- it exposes ``run(scale: str) -> list[dict]``; each dict is one row of the table with the
  keys ``name`` (what was measured), ``ours`` (our figure), ``baseline`` (the reference
  measured in the same run), ``unit``, ``ratio`` (``ours / baseline``, or None) and
  ``note`` (the aim, the conditions, anything a reader needs); ``support.row`` builds one;
- ``scale`` is ``"small"`` (the whole suite in under five minutes on two cores; CI runs it)
  or ``"full"`` (the sizes the product promises). A module may also accept ``"tiny"``
  (seconds: the test suite's smoke run) by listing it in a module constant
  ``SCALES = ("tiny", "small", "full")``; the runner gives ``"small"`` to a module that
  does not list the scale asked for;
- it is runnable alone: ``python -m benchmarks.<name> --scale small`` (end the module with
  ``if __name__ == "__main__": support.main(run)``);
- it cleans up after itself (temporary databases, servers) and raises on failure rather
  than printing a partial figure; the runner turns an exception into a note row.

The runner lists the modules in ``benchmarks.runner.MODULES``.
"""
