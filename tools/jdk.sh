# shellcheck shell=bash
# Finds a JDK 25 or newer and exports JAVA_HOME (and puts its bin first on PATH).
# Source it:  . tools/jdk.sh || exit 1
#
# Order: $JAVA_HOME when it is 25 or newer; otherwise the newest 25+ JDK among
# /usr/lib/jvm/*, /opt/java/*, /opt/jdk*, ~/.sdkman/candidates/java/*,
# /Library/Java/JavaVirtualMachines/*/Contents/Home and the `java` on PATH.
# Nothing found: a message naming what was found, and status 1.

aiges_jdk_required=25

# The major version of the JDK at $1 (from its release file, else `java -version`), or nothing.
aiges_jdk_major() {
    local home=$1 version=""
    [[ -x $home/bin/java && -x $home/bin/javac ]] || return 1
    if [[ -r $home/release ]]; then
        version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
    fi
    if [[ -z $version ]]; then
        version=$("$home/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)
    fi
    version=${version#1.}        # 1.8.0_292 -> 8.0_292
    version=${version%%[!0-9]*}  # 25.0.1, 25-ea, 8.0_292 -> 25, 25, 8
    [[ -n $version ]] || return 1
    printf '%s\n' "$version"
}

# The JAVA_HOME owning the `java` on PATH, following symlinks (/usr/bin/java -> ...).
aiges_jdk_on_path() {
    local java
    java=$(command -v java 2>/dev/null) || return 1
    while [[ -L $java ]]; do
        local target
        target=$(readlink "$java")
        [[ $target == /* ]] || target=$(dirname "$java")/$target
        java=$target
    done
    (cd "$(dirname "$java")/.." 2>/dev/null && pwd -P)
}

aiges_find_jdk() {
    local major best="" best_major=0 found=() candidates=() home
    if [[ -n ${JAVA_HOME:-} ]] && major=$(aiges_jdk_major "$JAVA_HOME") && ((major >= aiges_jdk_required)); then
        best=$JAVA_HOME
    else
        [[ -n ${JAVA_HOME:-} ]] && candidates+=("$JAVA_HOME")
        for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
                    /Library/Java/JavaVirtualMachines/*/Contents/Home; do
            [[ -d $home ]] && candidates+=("$home")
        done
        if home=$(aiges_jdk_on_path); then
            candidates+=("$home")
        fi
        local seen=" " real
        for home in ${candidates[@]+"${candidates[@]}"}; do
            real=$(cd "$home" 2>/dev/null && pwd -P) || continue
            [[ $seen == *" $real "* ]] && continue
            seen+="$real "
            home=$real
            major=$(aiges_jdk_major "$home") || continue
            found+=("$home ($major)")
            if ((major >= aiges_jdk_required && major > best_major)); then
                best=$home
                best_major=$major
            fi
        done
    fi
    if [[ -z $best ]]; then
        local list="none"
        ((${#found[@]} > 0)) && list=$(printf '%s, ' "${found[@]}") && list=${list%, }
        printf 'aiges needs a JDK %s or newer; found: %s; install Temurin %s or set JAVA_HOME\n' \
            "$aiges_jdk_required" "$list" "$aiges_jdk_required" >&2
        return 1
    fi
    JAVA_HOME=$(cd "$best" && pwd -P)
    export JAVA_HOME
    PATH=$JAVA_HOME/bin:$PATH
    export PATH
}

aiges_find_jdk
