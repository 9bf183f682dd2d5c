#!/bin/sh
echo {{name}}
