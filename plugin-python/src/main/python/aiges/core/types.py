"""Wire constants shared by the loader and wrappers, as in the original ``aiges.core.types``."""

# Data types of schema fields (the original SDK's names for them).
STRING = 0
AUDIO = 1
IMAGE = 2
VIDEO = 3

# Data types of request and response items (the C ABI's DataType).
DataText = 0
DataAudio = 1
DataImage = 2
DataVideo = 3
Types = {DataText: "text", DataAudio: "audio", DataImage: "image", DataVideo: "video"}

# Where an item sits in its stream (the C ABI's DataStatus).
DataBegin = 0
DataContinue = 1
DataEnd = 2
DataOnce = 3
Status = {DataBegin: "begin", DataContinue: "continue", DataEnd: "end", DataOnce: "once"}
Once = DataOnce

# Session handle pool modes (aiges.stream).
THREAD_MODE = "thread"
PROCESS_MODE = "process"
