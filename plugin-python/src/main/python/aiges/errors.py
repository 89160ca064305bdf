"""Error codes the original SDK's plugin server reports."""

OK = 0
INIT_ERROR = 30001
USER_INIT_ERROR = 30002
USER_EXEC_ERROR = 30003
