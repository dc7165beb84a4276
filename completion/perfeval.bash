# bash completion for perfeval(1)                          -*- shell-script -*-
# Installed as share/bash-completion/completions/perfeval; bash-completion
# loads it on first use.  Without bash-completion, `. perfeval.bash` works
# too, with plainer file-name matching.
#
# The options of each command are those of its table in src/cli_opts.c
# (tests/cli_options.py holds them to it): an option a command does not
# take is an error there, so it is not offered here.

# Files with one of the extensions in $1 ("json|csv"), and directories.
_perfeval_files()
{
    if declare -F _filedir >/dev/null; then
        _filedir "$1"
        return
    fi
    local IFS=$'\n' ext
    compopt -o filenames 2>/dev/null
    for ext in ${1//|/$'\n'}; do
        COMPREPLY+=($(compgen -f -X "!*.$ext" -- "$cur")
            $(compgen -f -X "!*.${ext^^}" -- "$cur"))
    done
    COMPREPLY+=($(compgen -d -- "$cur"))
}

_perfeval()
{
    local cur prev words cword split=false
    if declare -F _init_completion >/dev/null; then
        _init_completion -s || return
    else
        words=("${COMP_WORDS[@]}") cword=$COMP_CWORD
        cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    fi

    local tables='json|csv|tsv|xlsx|xls|docx'
    local cmds='score check diff init rules report help'

    if ((cword == 1)); then
        COMPREPLY=($(compgen -W "$cmds -h --help -V --version" -- "$cur"))
        return
    fi
    local cmd=${words[1]}

    case $cmd in
    help)
        ((cword == 2)) &&
            COMPREPLY=($(compgen -W "score check diff init rules report" -- "$cur"))
        return
        ;;
    score | check | diff | init | rules | report) ;;
    *) return ;;
    esac

    # the argument of the option before the cursor
    case $prev in
    -f | --format)
        local fmts
        case $cmd in
        score) fmts='table json markdown csv tsv xlsx' ;;
        check) fmts='table json csv xlsx' ;;
        diff) fmts='table json' ;;
        init) fmts='json csv xlsx' ;;
        report) fmts='markdown docx' ;;
        esac
        COMPREPLY=($(compgen -W "$fmts" -- "$cur"))
        return
        ;;
    -o | --output)
        if declare -F _filedir >/dev/null; then
            _filedir
        else
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -f -- "$cur"))
        fi
        return
        ;;
    -r | --rules)
        # a rules file, or a built-in rule set by name
        local sets
        sets=$("${words[0]}" rules --list 2>/dev/null | while read -r s _; do
            printf '%s\n' "$s"
        done)
        _perfeval_files json
        COMPREPLY+=($(compgen -W "$sets" -- "$cur"))
        return
        ;;
    --report)
        _perfeval_files 'txt|md|docx'
        return
        ;;
    --outdir)
        COMPREPLY=($(compgen -d -- "$cur"))
        return
        ;;
    --unit)
        # report --unit FILE; init --unit takes none
        [[ $cmd == report ]] && _perfeval_files json
        [[ $cmd == report ]] && return
        ;;
    --files-from)
        if declare -F _filedir >/dev/null; then
            _filedir
        else
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -f -- "$cur"))
        fi
        return
        ;;
    -e | --encoding)
        COMPREPLY=($(compgen -W 'auto utf-8 gb18030' -- "$cur"))
        return
        ;;
    -d | --delimiter)
        COMPREPLY=($(compgen -W 'comma semicolon tab' -- "$cur"))
        return
        ;;
    --lang)
        COMPREPLY=($(compgen -W 'en zh' -- "$cur"))
        return
        ;;
    --severity)
        COMPREPLY=($(compgen -W 'error warning info' -- "$cur"))
        return
        ;;
    --color)
        COMPREPLY=($(compgen -W 'auto always never' -- "$cur"))
        return
        ;;
    --year)
        COMPREPLY=($(compgen -W "$(date +%Y)" -- "$cur"))
        return
        ;;
    --sheet | --max-file-size | --max-unpacked | --max-cells | --max-field | --max-rows | --expect | --tolerance | -j | --jobs)
        return
        ;;
    esac
    $split && return

    if [[ $cur == -* ]]; then
        local opts read='-r --rules -q --quiet -e --encoding -d --delimiter
            --sheet --max-file-size --max-unpacked --max-cells --max-field
            --max-rows'
        case $cmd in
        score) opts='-f --format --bom -o --output -r --rules --ambiguous-wide -q --quiet' ;;
        check) opts='-f --format -o --output --summary --rollup --bom --ambiguous-wide --files-from -0 --null -j --jobs --progress -r --rules --expect --tolerance --strict --severity -q --quiet --color --report' ;;
        diff) opts='-f --format -o --output -r --rules -q --quiet' ;;
        init) opts='-f --format --year --unit -o --output --force' ;;
        rules) opts='-r --rules -o --output -q --quiet --list' ;;
        report) opts='-f --format -o --output -r --rules --outdir --unit -q --quiet' ;;
        esac
        # every command but init reads tables; every command takes these
        [[ $cmd != init ]] && opts+=" $read"
        opts+=' --lang -h --help -V --version'
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi

    # the tables; init reads none, rules --list none
    case $cmd in
    init) return ;;
    rules)
        local w
        for w in "${words[@]}"; do
            [[ $w == --list ]] && return
        done
        ;;
    esac
    _perfeval_files "$tables"
} &&
    complete -F _perfeval perfeval

# ex: filetype=sh
