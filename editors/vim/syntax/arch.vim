" Vim syntax file
" Language:    archc network descriptions (.arch)
" Reference:   grammar/README.md; the op names follow src/ir/ops.c

if exists('b:current_syntax')
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

syntax case match

syntax keyword archKeyword network block input output return meta
syntax keyword archBoolean true false

" Every op of the op table. An op name is a reserved word: no tensor or
" block may take one.
syntax keyword archOp conv deconv maxpool avgpool stochpool fc
syntax keyword archOp relu prelu elu sigmoid tanh abs bnll power
syntax keyword archOp lrn batchnorm scale dropout flatten concat
syntax keyword archOp add mul max slice softmax opaque

" `name:` in an argument list, a meta entry or an input declaration.
syntax match archLabel '\<\h\w*\ze\s*:'

" Numbers, then shapes (defined later, so a shape wins where both match).
syntax match archNumber '\<\d\+\>'
syntax match archFloat '\<\d\+\.\d*\%([eE][-+]\=\d\+\)\=\>'
syntax match archFloat '\.\d\+\%([eE][-+]\=\d\+\)\=\>'
syntax match archFloat '\<\d\+[eE][-+]\=\d\+\>'
syntax match archShape '\<\d\+\%(x\%(\d\+\|?\)\)\{1,3}\w\@!'

syntax region archString start=+"+ skip=+\\[\\"nt]+ end=+"+ end=+$+ contains=archEscape oneline
syntax match archEscape '\\[\\"nt]' contained

syntax match archOperator '->\|[*=]'

" The name after `network` and `block`.
syntax match archDefinition '\%(\<network\|\<block\)\s\+\zs\h\w*'

syntax keyword archTodo TODO FIXME XXX NOTE contained
syntax match archComment '#.*$' contains=archTodo,@Spell

highlight default link archKeyword Keyword
highlight default link archBoolean Boolean
highlight default link archOp Function
highlight default link archLabel Identifier
highlight default link archNumber Number
highlight default link archFloat Float
highlight default link archShape Number
highlight default link archString String
highlight default link archEscape SpecialChar
highlight default link archOperator Operator
highlight default link archDefinition Type
highlight default link archTodo Todo
highlight default link archComment Comment

let b:current_syntax = 'arch'

let &cpo = s:cpo_save
unlet s:cpo_save
