from aiges.sdk import WrapperBase

def broken(:
    pass
