" .arch files are archc network descriptions.
autocmd BufRead,BufNewFile *.arch set filetype=arch
