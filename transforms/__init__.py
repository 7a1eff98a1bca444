"""Plain, testable Python for each stage of the pipeline (the flows only wrap these)."""

# the BLAS thread pools of numpy and friends, set in each process that runs spaCy before numpy loads:
# one thread is faster here (spaCy's small matrices gain nothing from threads; processes use the cores)
SINGLE_THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
