"""perfeval for Python: score a 项目支出绩效自评表 (附件1 table) through the
shared library libperfeval.so.0, as `perfeval score -f json FILE` does.

    >>> import perfeval
    >>> perfeval.score("data/shangjie-2021.json")["total"]
    Decimal('95.58')

Money, rates and scores come back as decimal.Decimal, exactly as the
library computed them (never floats).  The library is found by
$PERFEVAL_LIBRARY, else by the system's library search (after `make
install`).
"""
import ctypes
import ctypes.util
import decimal
import json
import os

__all__ = ["score", "Error"]

_OK, _ENOMEM, _EIO, _EDATA, _EUSAGE, _ERANGE = range(6)


class Error(Exception):
    """A table that cannot be read or scored: `message` is what perfeval
    prints (with the file and line), `exit_code` what it exits with."""

    def __init__(self, message, exit_code):
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


class _Error(ctypes.Structure):
    _fields_ = [("file", ctypes.c_char * 256), ("line", ctypes.c_long),
                ("column", ctypes.c_long), ("msg", ctypes.c_char * 512),
                ("msg_zh", ctypes.c_char * 768),
                ("msg_of_zh", ctypes.c_ulong)]


class _Buf(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("len", ctypes.c_size_t),
                ("cap", ctypes.c_size_t)]


class _Opts(ctypes.Structure):
    """pe_score_opts, every member (those after max_file left zero: the
    command's defaults, nothing said, a long-format file refused)."""
    _fields_ = [("rules", ctypes.c_char_p), ("sheet", ctypes.c_char_p),
                ("encoding", ctypes.c_int), ("delimiter", ctypes.c_char),
                ("max_file", ctypes.c_size_t),
                ("max_cells", ctypes.c_size_t),
                ("max_unpacked", ctypes.c_size_t),
                ("max_field", ctypes.c_size_t),
                ("max_rows", ctypes.c_size_t),
                ("rules_set", ctypes.c_void_p), ("lang", ctypes.c_int),
                ("quiet", ctypes.c_int), ("say", ctypes.c_void_p),
                ("say_ctx", ctypes.c_void_p), ("review", ctypes.c_int),
                ("strict", ctypes.c_int), ("records", ctypes.c_void_p),
                ("records_format", ctypes.c_int),
                ("long_refusal", ctypes.c_char_p),
                ("long_refusal_names_file", ctypes.c_int),
                ("threads", ctypes.c_int)]


_lib = None


def _load():
    global _lib
    if _lib is not None:
        return _lib
    name = os.environ.get("PERFEVAL_LIBRARY") or \
        ctypes.util.find_library("perfeval") or "libperfeval.so.0"
    lib = ctypes.CDLL(name)
    lib.pe_score_file.argtypes = [ctypes.c_char_p, ctypes.POINTER(_Opts),
                                  ctypes.POINTER(ctypes.c_void_p),
                                  ctypes.POINTER(_Error)]
    lib.pe_score_file.restype = ctypes.c_int
    lib.pe_render_json.argtypes = [ctypes.c_void_p, ctypes.POINTER(_Buf)]
    lib.pe_render_json.restype = ctypes.c_int
    lib.pe_project_free.argtypes = [ctypes.c_void_p]
    lib.pe_project_free.restype = None
    lib.pe_buf_free.argtypes = [ctypes.POINTER(_Buf)]
    lib.pe_buf_free.restype = None
    lib.pe_error_format.argtypes = [ctypes.POINTER(_Error), ctypes.c_char_p,
                                    ctypes.c_size_t]
    lib.pe_error_format.restype = ctypes.c_char_p
    lib.pe_strerror.argtypes = [ctypes.c_int]
    lib.pe_strerror.restype = ctypes.c_char_p
    _lib = lib
    return lib


def _fail(lib, st, err):
    if err.msg:
        buf = ctypes.create_string_buffer(2048)
        text = lib.pe_error_format(ctypes.byref(err), buf, len(buf))
    else:
        text = lib.pe_strerror(st)
    return Error(text.decode("utf-8", "replace"),
                 3 if st in (_EDATA, _ERANGE) else 2)


def score(path, rules=None, sheet=None):
    """Score the table in path (CSV, a project file, .xlsx, .xls or the
    附件1 of a .docx) by rules (a rules file or a built-in set's name;
    None: the file's own, beside it, or inferred, as `perfeval score`
    chooses) and return `perfeval score -f json`'s document.  sheet
    picks one table of a workbook or document.  Raises Error."""
    lib = _load()
    opts = _Opts(os.fsencode(rules) if rules else None,
                 os.fsencode(str(sheet)) if sheet is not None else None,
                 0, b"\0", 0)
    proj = ctypes.c_void_p()
    err = _Error()
    st = lib.pe_score_file(os.fsencode(path), ctypes.byref(opts),
                           ctypes.byref(proj), ctypes.byref(err))
    if st != _OK:
        raise _fail(lib, st, err)
    out = _Buf()
    try:
        st = lib.pe_render_json(proj, ctypes.byref(out))
        if st != _OK:
            raise _fail(lib, st, _Error())
        text = ctypes.string_at(out.data, out.len).decode("utf-8")
    finally:
        lib.pe_buf_free(ctypes.byref(out))
        lib.pe_project_free(proj)
    return json.loads(text, parse_float=decimal.Decimal)

