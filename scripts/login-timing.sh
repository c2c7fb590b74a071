#!/usr/bin/env bash
# FriendlyGov: how long POST /login takes for a user name nobody has and for an existing user with a
# wrong password, interleaved, against a running server (plain HTTP: Admin__SecureCookies=false, and a
# RateLimits__Login__PermitLimit above 2 × N). Prints the median of each and the HTTP statuses seen
# (all must be 200: the login page with its error).
#
#   scripts/login-timing.sh BASE_URL N USER...
#
# Each USER takes at most 4 of the N wrong passwords (a fifth would lock it), so give N / 4 of them,
# made with `users add`. Needs curl.
set -euo pipefail
[[ $# -ge 3 ]] || { echo "usage: $0 BASE_URL N USER..." >&2; exit 2; }
base=$1 n=$2
shift 2
users=("$@")
(( ${#users[@]} * 4 >= n )) || { echo "$0: $n attempts need at least $(( (n + 3) / 4 )) users" >&2; exit 2; }
jar="$(mktemp)"
trap 'rm -f "$jar"' EXIT

# One attempt with a fresh form (its antiforgery token and cookie): prints "seconds status".
attempt() {
  local name=$1 page token
  page="$(curl -s -c "$jar" -b "$jar" "$base/login")"
  token="$(grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' <<<"$page" | head -n 1 | sed 's/.*value="//;s/"$//')"
  curl -s -o /dev/null -c "$jar" -b "$jar" -w '%{time_total} %{http_code}\n' \
    --data-urlencode "UserName=$name" --data-urlencode "Password=wrong password $RANDOM" \
    --data-urlencode "__RequestVerificationToken=$token" "$base/login"
}

median() { awk '{ print $1 }' | sort -g | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f ms", m * 1000 }'; }
statuses() { awk '{ print $2 }' | sort | uniq -c | awk '{ printf "%s×%s ", $1, $2 }'; }

unknown="" wrong=""
for ((i = 0; i < n; i++)); do
  unknown+="$(attempt "nobody.$RANDOM$RANDOM")"$'\n'
  wrong+="$(attempt "${users[i / 4]}")"$'\n'
done
printf 'unknown user: median %s (HTTP %s); wrong password: median %s (HTTP %s); %d each\n' \
  "$(median <<<"${unknown%$'\n'}")" "$(statuses <<<"${unknown%$'\n'}")" "$(median <<<"${wrong%$'\n'}")" "$(statuses <<<"${wrong%$'\n'}")" "$n"
