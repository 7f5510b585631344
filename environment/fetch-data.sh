#!/usr/bin/env bash
echo "fetch-data: not written yet" >&2
