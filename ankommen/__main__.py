from ankommen.manage import main

main()
