" Vim compiler file
" Compiler:    archc check (.arch and Caffe .prototxt networks)
"
" :compiler archc, then :make checks the current file and fills the quickfix
" list from archc's one-line diagnostics:
"   FILE:LINE:COLUMN: error: MESSAGE [CODE]

if exists('current_compiler')
  finish
endif
let current_compiler = 'archc'

if exists(':CompilerSet') != 2
  command -nargs=* CompilerSet setlocal <args>
endif

let s:cpo_save = &cpo
set cpo&vim

CompilerSet makeprg=archc\ check\ --diagnostics-format=gcc\ %:S
CompilerSet errorformat=
      \%f:%l:%c:\ %trror:\ %m,
      \%f:%l:%c:\ %tarning:\ %m,
      \%f:%l:%c:\ %tote:\ %m,
      \archc:\ %trror:\ %m,
      \archc:\ %tote:\ %m,
      \%-G%.%#

let &cpo = s:cpo_save
unlet s:cpo_save
